package io.tillstream.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code java -cp @/app/jib-classpath-file io.tillstream.probe.HttpProbe <url>}: exit 0 when the URL
 * answers 2xx within 5 s, 1 otherwise (with the reason on stderr, which docker keeps with the health
 * state). A 503 from a Streams service that is still restoring its state is "unhealthy" here; the
 * compose file's start_period keeps that from counting against it while it starts.
 */
public final class HttpProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HttpProbe <url>");
            System.exit(2);
        }
        String failure = probe(URI.create(args[0]));
        if (failure != null) {
            System.err.println(failure);
        }
        System.exit(failure == null ? 0 : 1);
    }

    /** @return null when healthy, else why not */
    static String probe(URI url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : url + " answered HTTP " + status;
        } catch (IOException e) {
            return url + " did not answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return url + ": interrupted";
        }
    }
}
