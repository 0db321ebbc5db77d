#include "domainevent.h"

#include <QHash>
#include <QMutex>

namespace Leadline {

namespace {

QMutex &lock()
{
    static QMutex mutex;
    return mutex;
}

QHash<const LocalStore *, DomainEventSink *> &sinks()
{
    static QHash<const LocalStore *, DomainEventSink *> all;
    return all;
}

} // namespace

void DomainEvents::setSink(const LocalStore &store, DomainEventSink *sink)
{
    QMutexLocker locker(&lock());
    if (sink)
        sinks().insert(&store, sink);
    else
        sinks().remove(&store);
}

DomainEventSink *DomainEvents::sink(const LocalStore &store)
{
    QMutexLocker locker(&lock());
    return sinks().value(&store, nullptr);
}

void DomainEvents::announce(const LocalStore &store, const DomainEvent &event)
{
    if (DomainEventSink *listener = sink(store))
        listener->handle(event);
}

} // namespace Leadline
