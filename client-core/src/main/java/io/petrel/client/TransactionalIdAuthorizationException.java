package io.petrel.client;

import io.petrel.protocol.ErrorCode;

/** TRANSACTIONAL_ID_AUTHORIZATION_FAILED: the principal may not use this transactional id. */
public class TransactionalIdAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;
    private final String transactionalId;

    /**
     * @param transactionalId the transactional id refused
     * @param context         what was being done
     */
    public TransactionalIdAuthorizationException(String transactionalId, String context) {
        super(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, "Not authorized to use transactional id '"
                + transactionalId + "'" + (context == null || context.isEmpty() ? "" : " (" + context + ")"));
        this.transactionalId = transactionalId;
    }

    /** The transactional id refused. */
    public String transactionalId() {
        return transactionalId;
    }
}
