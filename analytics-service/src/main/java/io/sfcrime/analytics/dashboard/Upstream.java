package io.sfcrime.analytics.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * One of the suite's other services as the page's proxy reaches it: at its configured
 * base URL, on the paths the proxy's callers name in code (never a path or URL taken from
 * a request), answering what the service answered, status and body as they are, or
 * {@link UpstreamUnavailableException} when it cannot be reached in time.
 *
 * @param service the service's name, for the page
 * @param baseUrl scheme, host and port
 * @param timeout to connect, and then to answer
 * @param client the client, bound to {@code baseUrl} with {@code timeout}
 */
record Upstream(String service, String baseUrl, Duration timeout, RestClient client) {

    /**
     * Far more than a replay status or a summary; an answer beyond it is not passed on.
     */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /**
     * The service at {@code baseUrl}, given {@code timeout} to connect and then to
     * answer.
     */
    static Upstream of(String service, String baseUrl, Duration timeout) {
        ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
            .withConnectTimeout(timeout)
            .withReadTimeout(timeout);
        return new Upstream(service, baseUrl, timeout,
                RestClient.builder()
                    .baseUrl(baseUrl)
                    .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(timeouts))
                    .build());
    }

    ResponseEntity<byte[]> get(String path) {
        return exchange(HttpMethod.GET, path, null, null);
    }

    /**
     * A POST with the caller's {@code Authorization} header (null: none) and JSON body
     * (null: none), so that the service judges the caller's token itself.
     */
    ResponseEntity<byte[]> post(String path, String authorization, byte[] body) {
        return exchange(HttpMethod.POST, path, authorization, body);
    }

    private ResponseEntity<byte[]> exchange(HttpMethod method, String path, String authorization, byte[] body) {
        URI uri = URI.create(this.baseUrl + path);
        RestClient.RequestBodySpec request = this.client.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null && body.length > 0) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        try {
            return request.exchange((req, response) -> {
                byte[] answer = read(response.getBody(), method, path);
                HttpHeaders headers = new HttpHeaders();
                MediaType type = response.getHeaders().getContentType();
                if (type != null) {
                    headers.setContentType(type);
                }
                return ResponseEntity.status(response.getStatusCode()).headers(headers).body(answer);
            });
        }
        catch (ResourceAccessException ex) {
            throw new UpstreamUnavailableException(this.service, method + " " + uri, reason(ex));
        }
    }

    private byte[] read(InputStream body, HttpMethod method, String path) throws IOException {
        byte[] answer = body.readNBytes(MAX_ANSWER_BYTES + 1);
        if (answer.length > MAX_ANSWER_BYTES) {
            throw new UpstreamUnavailableException(this.service, method + " " + this.baseUrl + path,
                    "it answered more than " + MAX_ANSWER_BYTES + " bytes");
        }
        return answer;
    }

    /**
     * What went wrong, in words: the JDK client's exceptions often carry no message (a
     * refused connection is a ConnectException caused by a ClosedChannelException).
     */
    private String reason(ResourceAccessException ex) {
        Throwable innermost = ex;
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused: nothing listens there (" + cause.getClass().getSimpleName() + ")";
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return "no answer within " + this.timeout.toMillis() + " ms (" + cause.getClass().getSimpleName() + ")";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host (" + cause.getClass().getSimpleName() + ")";
            }
            innermost = cause;
        }
        String message = innermost.getMessage();
        return innermost.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

}
