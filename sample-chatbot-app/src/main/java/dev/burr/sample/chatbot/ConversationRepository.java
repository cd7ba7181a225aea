package dev.burr.sample.chatbot;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC repository of the conversations' metadata. */
public interface ConversationRepository extends ListCrudRepository<Conversation, String> {

	List<Conversation> findByUserIdOrderByCreatedAtDesc(String userId);

	Optional<Conversation> findByIdAndUserId(String id, String userId);

	/** Sets the title unless another request set it first; returns the number of rows changed. */
	@Modifying
	@Query("UPDATE chat_conversation SET title = :title WHERE id = :id AND title IS NULL")
	int setTitleIfUnset(String id, String title);

}
