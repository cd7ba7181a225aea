package dev.burr.jdbc;

/** Checks on JSON text that do not need a parser. */
final class JsonText {

	private JsonText() {
	}

	/** Whether JSON in UTF-8 holds a U+0000 character, escaped as {@code \u0000} or raw. */
	static boolean containsNul(byte[] json) {
		for (int i = 0; i < json.length; i++) {
			byte b = json[i];
			if (b == 0) {
				return true;
			}
			if (b == '\\') {
				if (i + 5 < json.length && json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0'
						&& json[i + 4] == '0' && json[i + 5] == '0') {
					return true;
				}
				i++;
			}
		}
		return false;
	}

}
