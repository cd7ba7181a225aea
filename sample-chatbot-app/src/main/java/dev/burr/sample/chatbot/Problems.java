package dev.burr.sample.chatbot;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The RFC 9457 problems the API answers with. */
final class Problems {

	private Problems() {
	}

	static ErrorResponseException of(HttpStatusCode status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

	static ErrorResponseException badRequest(String detail) {
		return of(HttpStatus.BAD_REQUEST, "Invalid request", detail);
	}

	static ErrorResponseException unknownConversation(String user, String id) {
		return of(HttpStatus.NOT_FOUND, "Unknown conversation",
				"User '" + user + "' has no conversation '" + id + "'.");
	}

}
