package io.tillstream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What Kafka's server code logs through the Log4j API reaches the project's one backend, logback. */
class Log4jBridgeTest {

    @Test
    void shouldSendWhatIsLoggedThroughTheLog4jApiToSlf4j() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try {
            LogManager.getLogger("kafka.server.BridgeCheck").warn("through the Log4j API");

            assertThat(appender.list).singleElement().satisfies(e -> {
                assertThat(e.getLoggerName()).isEqualTo("kafka.server.BridgeCheck");
                assertThat(e.getFormattedMessage()).isEqualTo("through the Log4j API");
            });
            assertThat(LogManager.getContext(false).getClass().getName())
                    .isEqualTo("org.apache.logging.slf4j.SLF4JLoggerContext");
        } finally {
            root.detachAppender(appender);
        }
    }
}
