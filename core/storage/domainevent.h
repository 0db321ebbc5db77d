#pragma once

#include <QString>

namespace Leadline {

class LocalStore;

/// Something that happened to a customer, announced by the service that wrote it inside its
/// write transaction (so whatever reacts to it commits or rolls back with the write).
struct DomainEvent
{
    QString kind; ///< a rule trigger's stored name: customer_created, field_changed…
    QString customerId;
    QString field;      ///< field_changed: the field key
    QString value;      ///< field_changed/stage_changed: the new value; call_logged: disposition
    QString occurrence; ///< what makes this event unique: a call's or todo's id, a change's id
};

/// Reacts to domain events (the rule runner). Called synchronously, inside the writer's
/// transaction; it must not fail the write: what it cannot do it records itself.
class DomainEventSink
{
public:
    virtual ~DomainEventSink() = default;
    virtual void handle(const DomainEvent &event) = 0;
};

/// Who listens to the domain events of each open workspace connection. Services announce what
/// they wrote; the composition root subscribes the rule runner for the GUI's connection (other
/// connections, such as a search thread's or a command's, have no listener unless one is set).
class DomainEvents final
{
public:
    /// Subscribes sink to store's events (null: unsubscribes). The store does not own it.
    static void setSink(const LocalStore &store, DomainEventSink *sink);
    static DomainEventSink *sink(const LocalStore &store);
    /// Hands the event to store's sink, if any, synchronously.
    static void announce(const LocalStore &store, const DomainEvent &event);
};

} // namespace Leadline
