package io.shiplog.cli.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A service's health from its actuator's {@code /actuator/health}. */
final class ServiceHealth {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** What the actuator said: UP, DOWN, OUT_OF_SERVICE, or UNREACHABLE with the reason. */
    record Health(String service, String url, String status, String detail) {
    }

    private ServiceHealth() {
    }

    static Health of(String service, String base) {
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/actuator/health";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
            String status = body.path("status").asString("HTTP " + response.statusCode());
            return new Health(service, base, status, response.statusCode() == 200 ? null
                    : "HTTP " + response.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(service, base, "UNREACHABLE", "interrupted");
        } catch (Exception e) {
            return new Health(service, base, "UNREACHABLE", e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
