package io.tillstream.service.access;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.schemas.AccessToken;
import io.tillstream.schemas.Topics;
import io.tillstream.service.topics.TopicFeed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Keeps a {@link TokenDirectory} in step with {@code access.tokens.v1}: issued and revoked tokens apply live. */
public final class AccessTokenFeed implements AutoCloseable {

    private final TokenDirectory directory = new TokenDirectory();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final TopicFeed<AccessToken> feed;

    private AccessTokenFeed(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        this.feed = new TopicFeed<>(kafkaClient, registry, Topics.ACCESS_TOKENS, directory::apply, () -> {
            directory.markLoaded();
            loaded.countDown();
        });
    }

    /** Starts following the topic; the directory refuses nothing and admits nothing until it is read. */
    public static AccessTokenFeed start(Map<String, Object> kafkaClient, SchemaRegistryClient registry) {
        AccessTokenFeed feed = new AccessTokenFeed(kafkaClient, registry);
        feed.feed.start();
        return feed;
    }

    public TokenDirectory directory() {
        return directory;
    }

    /** @return whether the tokens that existed at start have all been read within {@code timeout} */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        feed.close();
    }
}
