package dev.burr.sample.chatbot;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The chatbot's REST API; errors are RFC 9457 problem details. */
@RestController
@RequestMapping("/api/users/{user}/conversations")
class ConversationController {

	private final ConversationService service;

	ConversationController(ConversationService service) {
		this.service = service;
	}

	@PostMapping
	ResponseEntity<Created> create(@PathVariable String user) {
		Conversation conversation = this.service.create(user);
		return created(user, conversation);
	}

	@GetMapping
	List<Summary> list(@PathVariable String user) {
		return this.service.list(user).stream().map(Summary::of).toList();
	}

	@GetMapping("/{id}")
	ConversationService.ConversationView show(@PathVariable String user, @PathVariable String id) {
		return this.service.show(user, id);
	}

	@PostMapping("/{id}/messages")
	ConversationService.Turn send(@PathVariable String user, @PathVariable String id,
			@RequestBody MessageRequest message) {
		return this.service.send(user, id, message.text());
	}

	@PostMapping("/{id}/fork")
	ResponseEntity<Created> fork(@PathVariable String user, @PathVariable String id, @RequestBody ForkRequest fork) {
		return created(user, this.service.fork(user, id, fork.sequenceId()));
	}

	@GetMapping("/{id}/graph")
	ConversationService.GraphView graph(@PathVariable String user, @PathVariable String id) {
		return this.service.graph(user, id);
	}

	private static ResponseEntity<Created> created(String user, Conversation conversation) {
		URI location = URI.create("/api/users/" + user + "/conversations/" + conversation.id());
		return ResponseEntity.created(location).body(new Created(conversation.id()));
	}

	record MessageRequest(@Nullable String text) {
	}

	record ForkRequest(@Nullable Long sequenceId) {
	}

	record Created(String id) {
	}

	record Summary(String id, @Nullable String title, Instant createdAt, @Nullable String forkedFrom,
			@Nullable Long forkedAt) {

		static Summary of(Conversation conversation) {
			return new Summary(conversation.id(), conversation.title(), conversation.created(),
					conversation.forkedFrom(), conversation.forkedAt());
		}

	}

}
