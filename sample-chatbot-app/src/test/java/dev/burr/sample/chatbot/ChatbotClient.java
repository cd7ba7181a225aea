package dev.burr.sample.chatbot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The chatbot's REST API over real HTTP, for the tests. */
final class ChatbotClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	ChatbotClient(int port) {
		this.base = "http://localhost:" + port;
	}

	/** A response: status, content type and JSON body. */
	record Reply(int status, String contentType, JsonNode body) {

		Reply expect(int expected) {
			assertThat(this.status).as("HTTP status of a response with body %s", this.body).isEqualTo(expected);
			return this;
		}

	}

	Reply get(String path) {
		return exchange(HttpRequest.newBuilder(uri(path)).GET());
	}

	Reply post(String path, Object body) {
		String json = (body instanceof String text) ? text : JSON.writeValueAsString(body);
		return exchange(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	String create(String user) {
		Reply reply = post(conversations(user), "").expect(201);
		return reply.body().get("id").asString();
	}

	JsonNode send(String user, String id, String text) {
		return post(conversations(user) + "/" + id + "/messages", Map.of("text", text)).expect(200).body();
	}

	JsonNode show(String user, String id) {
		return get(conversations(user) + "/" + id).expect(200).body();
	}

	String fork(String user, String id, long sequenceId) {
		return post(conversations(user) + "/" + id + "/fork", Map.of("sequenceId", sequenceId)).expect(201)
			.body()
			.get("id")
			.asString();
	}

	List<String> list(String user) {
		return get(conversations(user)).expect(200).body().valueStream().map(c -> c.get("id").asString()).toList();
	}

	/** The texts of a conversation's messages, {@code role: text}. */
	List<String> transcript(String user, String id) {
		return show(user, id).get("messages")
			.valueStream()
			.map(m -> m.get("role").asString() + ": " + m.get("text").asString())
			.toList();
	}

	static String conversations(String user) {
		return "/api/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/conversations";
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private Reply exchange(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					body.isEmpty() ? JSON.getNodeFactory().nullNode() : JSON.readTree(body));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
