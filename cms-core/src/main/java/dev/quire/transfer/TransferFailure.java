package dev.quire.transfer;

/** An export, import, migration or check that could not be done; the message says why, for an operator. */
public class TransferFailure extends RuntimeException {

    public TransferFailure(String message) {
        super(message);
    }

    public TransferFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
