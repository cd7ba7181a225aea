package dev.burr.core;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * Reads state values as the numeric type a caller asks for, so that numbers survive a JSON round trip
 * the way users read them.
 */
final class NumberConversions {

	private NumberConversions() {
	}

	static boolean isIntegral(@Nullable Object value) {
		return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger;
	}

	static Number add(@Nullable Object current, long delta) {
		if (current == null) {
			return narrow(BigInteger.valueOf(delta));
		}
		BigInteger sum = toBigInteger((Number) current).add(BigInteger.valueOf(delta));
		return narrow(sum);
	}

	private static Number narrow(BigInteger value) {
		if (value.bitLength() < 32) {
			return value.intValue();
		}
		if (value.bitLength() < 64) {
			return value.longValue();
		}
		return value;
	}

	private static BigInteger toBigInteger(Number number) {
		return (number instanceof BigInteger big) ? big : BigInteger.valueOf(number.longValue());
	}

	@SuppressWarnings("unchecked")
	static <T> @Nullable T convert(String key, @Nullable Object value, Class<T> type) {
		if (value == null || type.isInstance(value)) {
			return (T) value;
		}
		if (value instanceof Number number) {
			Object converted = convertNumber(number, type);
			if (converted != null) {
				return (T) converted;
			}
		}
		throw new ClassCastException("State key \"" + key + "\" holds " + describe(value) + ", which cannot be read as "
				+ type.getName());
	}

	private static @Nullable Object convertNumber(Number number, Class<?> type) {
		BigDecimal exact = toBigDecimal(number);
		if (exact == null) {
			return (type == Double.class || type == double.class) ? number.doubleValue() : null;
		}
		try {
			if (type == Integer.class || type == int.class) {
				return exact.intValueExact();
			}
			if (type == Long.class || type == long.class) {
				return exact.longValueExact();
			}
			if (type == Short.class || type == short.class) {
				return exact.shortValueExact();
			}
			if (type == Byte.class || type == byte.class) {
				return exact.byteValueExact();
			}
			if (type == BigInteger.class) {
				return exact.toBigIntegerExact();
			}
		}
		catch (ArithmeticException ex) {
			return null;
		}
		if (type == BigDecimal.class) {
			return exact;
		}
		if (type == Double.class || type == double.class) {
			return number.doubleValue();
		}
		if (type == Float.class || type == float.class) {
			return number.floatValue();
		}
		if (type == Number.class) {
			return number;
		}
		return null;
	}

	private static @Nullable BigDecimal toBigDecimal(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof BigInteger big) {
			return new BigDecimal(big);
		}
		if (number instanceof Double || number instanceof Float) {
			double d = number.doubleValue();
			return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
		}
		return BigDecimal.valueOf(number.longValue());
	}

	private static String describe(Object value) {
		String text = String.valueOf(value);
		if (text.length() > 40) {
			text = text.substring(0, 40) + "...";
		}
		return value.getClass().getName() + " (" + text + ")";
	}

}
