package dev.pbft.cli;

/**
 * A command could not do its job for a reason its message already explains to an operator (no
 * stack trace, no exception class name): {@link Main} prints "pbft COMMAND: message" and exits 1.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
