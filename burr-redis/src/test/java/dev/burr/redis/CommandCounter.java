package dev.burr.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The Redis commands a Lettuce connection factory sends, by name, from the moment it is attached. */
final class CommandCounter implements CommandListener {

	private final List<String> sent = new CopyOnWriteArrayList<>();

	/** Attached to {@code factory}, which must not have connected yet. */
	static CommandCounter attachedTo(LettuceConnectionFactory factory) {
		CommandCounter counter = new CommandCounter();
		factory.getRequiredNativeClient().addListener(counter);
		return counter;
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		this.sent.add(event.getCommand().getType().toString());
	}

	/** The names of the commands sent since the last call, and forgets them. */
	List<String> takeSent() {
		List<String> names = List.copyOf(this.sent);
		this.sent.clear();
		return names;
	}

}
