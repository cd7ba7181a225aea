package dev.burr.sample.chatbot;

import java.util.List;
import java.util.Locale;

/**
 * A small rule-based responder that needs no network and no model: the same conversation always gets the same
 * replies, and it remembers what was said, which is what the restart and fork demos need to show.
 */
public final class OfflineResponder implements Responder {

	private static final String[] OPENERS = { "Interesting", "Good point", "I see", "Noted", "Tell me more" };

	@Override
	public String reply(List<ChatMessage> history) {
		List<ChatMessage> said = history.stream().filter(m -> ChatMessage.USER.equals(m.role())).toList();
		if (said.isEmpty()) {
			return "Hello! Say something and I will answer.";
		}
		String text = said.get(said.size() - 1).text().trim();
		String lower = text.toLowerCase(Locale.ROOT);
		int turn = said.size();
		if (lower.matches("(hi|hello|hey|good (morning|afternoon|evening))\\b.*")) {
			return (turn == 1) ? "Hello! I am Burr's offline demo bot. Every turn is saved, so you can stop the "
					+ "server, start it again and carry on, or fork the conversation at any turn. Say \"bye\" to end."
					: "Hello again! We are at turn " + turn + " of this conversation.";
		}
		if (lower.contains("first") && (lower.contains("said") || lower.contains("say") || lower.contains("message"))) {
			return "Your first message was \"" + said.get(0).text().trim() + "\".";
		}
		if (lower.contains("remember") || lower.contains("so far") || lower.contains("history")) {
			return "So far you have sent " + turn + " message" + (turn == 1 ? "" : "s") + ". The first was \""
					+ said.get(0).text().trim() + "\"" + ((turn > 1) ? ", and before this one you said \""
							+ said.get(turn - 2).text().trim() + "\"." : ".");
		}
		if (lower.contains("help")) {
			return "Ask me anything: I answer offline with simple rules. Try \"what did I say first?\", use the fork "
					+ "button on any reply to branch the conversation, or say \"bye\" to finish it.";
		}
		if (lower.contains("burr")) {
			return "Burr runs this chat as a state machine: human_converse, then ai_converse, and terminal when you "
					+ "say bye. The graph on the right shows where we are.";
		}
		if (text.endsWith("?")) {
			return "Good question. I am an offline bot, so I can only guess, but I would say: it depends! "
					+ "(turn " + turn + ")";
		}
		String opener = OPENERS[Math.floorMod(lower.hashCode(), OPENERS.length)];
		return opener + ": \"" + abbreviate(text, 80) + "\". That is message " + turn + " of our conversation.";
	}

	private static String abbreviate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
