package dev.vantage.common.validation;

/** Bad input, naming the field at fault and how to fix it. */
public class ValidationException extends RuntimeException {
    private final String field;

    public ValidationException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
