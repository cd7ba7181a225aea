package dev.burr.sample.chatbot;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.burr.core.Application;
import dev.burr.core.ApplicationBuilder;
import dev.burr.core.Halt;
import dev.burr.core.RunResult;
import dev.burr.core.State;
import dev.burr.persistence.PersistedState;
import dev.burr.persistence.StateStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Conversations: each is one Burr application (app id = conversation id, partition key = user), rebuilt from the
 * persister on every request, so that any number of instances sharing the storage can serve it and a restart
 * loses nothing. Its metadata (title, creation time, fork origin) lives in the application's own table.
 */
@Service
public class ConversationService {

	/** Longest message accepted, in characters. */
	public static final int MAX_TEXT_LENGTH = 4000;

	static final String FAREWELL = "Goodbye! This conversation is finished: start a new one, or fork this one at "
			+ "any turn to take it somewhere else.";

	private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

	private final ObjectProvider<ApplicationBuilder> builders;

	private final StateStore store;

	private final ConversationRepository conversations;

	private final JdbcAggregateTemplate aggregates;

	private final Responder responder;

	private final Clock clock;

	public ConversationService(ObjectProvider<ApplicationBuilder> builders, StateStore store,
			ConversationRepository conversations, JdbcAggregateTemplate aggregates, Responder responder) {
		this.builders = builders;
		this.store = store;
		this.conversations = conversations;
		this.aggregates = aggregates;
		this.responder = responder;
		this.clock = Clock.systemUTC();
	}

	public Conversation create(String user) {
		checkUser(user);
		return this.aggregates
			.insert(new Conversation(UUID.randomUUID().toString(), user, null, this.clock.millis(), null, null));
	}

	/** The user's conversations, newest first. */
	public List<Conversation> list(String user) {
		checkUser(user);
		return this.conversations.findByUserIdOrderByCreatedAtDesc(user);
	}

	public ConversationView show(String user, String id) {
		Conversation conversation = find(user, id);
		return view(conversation, open(conversation));
	}

	/** The graph as Mermaid text with the current action marked. */
	public GraphView graph(String user, String id) {
		Application app = open(find(user, id));
		String current = currentAction(app);
		return new GraphView(app.graph().toMermaid(current), current);
	}

	/** Runs one turn: the user's text, then the reply, stopping when the application waits for the next text. */
	public Turn send(String user, String id, @Nullable String text) {
		checkUser(user);
		if (text == null || text.isBlank()) {
			throw Problems.badRequest("The message text must not be empty or blank.");
		}
		if (text.length() > MAX_TEXT_LENGTH) {
			throw Problems.of(HttpStatus.valueOf(413), "Message too long", "The message has " + text.length()
					+ " characters; the limit is " + MAX_TEXT_LENGTH + ".");
		}
		Conversation conversation = find(user, id);
		Application app = open(conversation);
		if (app.nextAction().isPresent() && !ChatbotGraph.HUMAN.equals(app.nextAction().get())) {
			// A turn left half done (a fork taken after a user message, or a reply that failed): finish it first.
			app.run(Halt.before(ChatbotGraph.HUMAN).andAfter(ChatbotGraph.TERMINAL), Map.of());
		}
		if (app.nextAction().isEmpty()) {
			throw Problems.of(HttpStatus.CONFLICT, "Conversation finished", "Conversation '" + id
					+ "' has ended; start a new conversation or fork this one at an earlier turn.");
		}
		RunResult result = app.run(Halt.after(ChatbotGraph.AI, ChatbotGraph.TERMINAL),
				Map.of(ChatbotGraph.QUESTION, text));
		if (conversation.title() == null) {
			this.conversations.setTitleIfUnset(id, title(text));
		}
		List<ChatMessage> messages = ChatbotGraph.messages(app.state());
		String reply = ChatbotGraph.TERMINAL.equals(result.action()) ? FAREWELL
				: messages.get(messages.size() - 1).text();
		return new Turn(reply, app.sequenceId().orElse(-1), currentAction(app), app.nextAction().isEmpty());
	}

	/**
	 * A new conversation starting from step {@code sequenceId} of this one: it holds what that step had stored
	 * and goes on from there under its own id; the original is not changed.
	 */
	public Conversation fork(String user, String id, @Nullable Long sequenceId) {
		Conversation conversation = find(user, id);
		if (sequenceId == null) {
			throw Problems.badRequest("The fork needs a sequenceId: the step to fork at.");
		}
		Conversation source = conversation;
		while (sequenceId < 0 || this.store.load(user, source.id(), sequenceId).isEmpty()) {
			if (sequenceId >= 0 && source.forkedFrom() != null && source.forkedAt() != null
					&& sequenceId <= source.forkedAt()) {
				source = this.conversations.findByIdAndUserId(source.forkedFrom(), user).orElse(null);
				if (source != null) {
					continue;
				}
			}
			throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown step", "Conversation '" + id
					+ "' has no step " + sequenceId + (latest(conversation).map(s -> "; its steps are 0 to " + s)
						.orElse("; it has no steps yet")) + ".");
		}
		String title = ((conversation.title() != null) ? conversation.title() : "New conversation") + " (fork at "
				+ sequenceId + ")";
		return this.aggregates.insert(new Conversation(UUID.randomUUID().toString(), user, title,
				this.clock.millis(), source.id(), sequenceId));
	}

	private Optional<Long> latest(Conversation conversation) {
		Application app = open(conversation);
		return app.sequenceId().isPresent() ? Optional.of(app.sequenceId().getAsLong()) : Optional.empty();
	}

	private Conversation find(String user, String id) {
		checkUser(user);
		return this.conversations.findByIdAndUserId(id, user)
			.orElseThrow(() -> Problems.unknownConversation(user, id));
	}

	/** Builds the conversation's Burr application where it left off. */
	Application open(Conversation conversation) {
		ApplicationBuilder builder = ChatbotGraph.define(this.builders.getObject(), this.responder)
			.withIdentifiers(conversation.id(), conversation.userId())
			.initializeFrom(true, ChatbotGraph.initialState(), ChatbotGraph.HUMAN);
		if (conversation.forkedFrom() != null) {
			// A fork loads its parent's step until it has written one of its own.
			Optional<PersistedState> own = this.store.load(conversation.userId(), conversation.id());
			if (own.isEmpty()) {
				builder.forkFrom(conversation.forkedFrom(), conversation.userId(), conversation.forkedAt());
			}
		}
		return builder.build();
	}

	private static ConversationView view(Conversation conversation, Application app) {
		return new ConversationView(conversation.id(), conversation.title(), ChatbotGraph.messages(app.state()),
				currentAction(app), app.sequenceId().isPresent() ? app.sequenceId().getAsLong() : null,
				app.nextAction().isEmpty(), conversation.created(), conversation.forkedFrom(), conversation.forkedAt());
	}

	/** The action the application waits at, or the last one it ran when it is finished. */
	static String currentAction(Application app) {
		return app.nextAction().orElseGet(() -> String.valueOf(app.state().get(State.PRIOR_STEP_KEY)));
	}

	private static String title(String text) {
		String line = text.strip().replaceAll("\\s+", " ");
		return (line.length() <= 60) ? line : line.substring(0, 59) + "…";
	}

	private static void checkUser(String user) {
		if (user == null || !USER.matcher(user).matches()) {
			throw Problems.badRequest("The user must be 1 to 100 letters, digits, '.', '_', '@' or '-'.");
		}
	}

	/** A conversation with its messages. */
	public record ConversationView(String id, @Nullable String title, List<ChatMessage> messages, String currentAction,
			@Nullable Long sequenceId, boolean finished, java.time.Instant createdAt, @Nullable String forkedFrom,
			@Nullable Long forkedAt) {
	}

	/** The outcome of one message. */
	public record Turn(String reply, long sequenceId, String currentAction, boolean finished) {
	}

	/** The graph of a conversation. */
	public record GraphView(String mermaid, String currentAction) {
	}

}
