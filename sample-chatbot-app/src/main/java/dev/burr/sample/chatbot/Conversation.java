package dev.burr.sample.chatbot;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A conversation's metadata, in the application's own table beside Burr's: Burr stores the steps under app id
 * {@link #id} and partition key {@link #userId}.
 *
 * @param id conversation id, also the Burr app id
 * @param userId owner, also the Burr partition key
 * @param title first words of the first message, or {@code null} before it
 * @param createdAt creation time in epoch milliseconds (an integer, read the same way on SQLite and PostgreSQL)
 * @param forkedFrom the conversation this one was forked from, or {@code null}
 * @param forkedAt the step of {@link #forkedFrom} this one starts after, or {@code null}
 */
@Table("chat_conversation")
public record Conversation(@Id String id, String userId, @Nullable String title, long createdAt,
		@Nullable String forkedFrom, @Nullable Long forkedAt) {

	public Instant created() {
		return Instant.ofEpochMilli(this.createdAt);
	}

}
