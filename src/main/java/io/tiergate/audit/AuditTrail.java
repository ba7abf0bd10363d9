package io.tiergate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.hibernate.HibernateException;
import org.hibernate.Session;

/**
 * Records workflow events inside the caller's transaction, so that a state change and its event
 * commit together or not at all. The entity changes are flushed first and the events appended
 * last: the chain head stays locked only from there to the commit.
 */
@ApplicationScoped
public class AuditTrail {

    @Inject EntityManager entityManager;
    @Inject AuditChain chain;
    @Inject AuditConfig config;

    /** Appends the events to the chain within the current transaction (there must be one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendInCallerTransaction(AuditEvent... events) {
        entityManager.flush();
        // A transition waits for the chain no longer than a proxied request waits for its record.
        int timeout = (int) Math.max(1, config.writeTimeout().toSeconds());
        try {
            entityManager.unwrap(Session.class).doWork(connection -> chain.append(connection, List.of(events), timeout));
        } catch (HibernateException e) {
            // The transaction rolls back: no transition without its event.
            throw new AuditUnavailableException("the workflow event could not be written: " + e.getClass().getSimpleName());
        }
    }
}
