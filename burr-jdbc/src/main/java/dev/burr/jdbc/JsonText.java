package dev.burr.jdbc;

/** Checks on JSON text that do not need a parser. */
final class JsonText {

	private JsonText() {
	}

	/** Whether the JSON text holds a U+0000 character, escaped as {@code \u0000} or raw. */
	static boolean containsNul(String json) {
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '\u0000') {
				return true;
			}
			if (c == '\\') {
				if (json.startsWith("u0000", i + 1)) {
					return true;
				}
				i++;
			}
		}
		return false;
	}

}
