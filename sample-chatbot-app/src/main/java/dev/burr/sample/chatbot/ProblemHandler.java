package dev.burr.sample.chatbot;

import dev.burr.persistence.StateConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of the API as an RFC 9457 problem detail. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(StateConflictException.class)
	ProblemDetail conflict(StateConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another request changed this conversation at the same time; reload it and send again.");
		problem.setTitle("Concurrent change");
		return problem;
	}

	@ExceptionHandler(RuntimeException.class)
	ProblemDetail unexpected(RuntimeException ex) {
		logger.error("Request failed", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The chatbot failed: " + ex.getMessage() + ". Nothing after the last saved step was lost; send the "
						+ "message again to retry.");
		problem.setTitle("Chatbot error");
		return problem;
	}

}
