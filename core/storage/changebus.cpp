#include "changebus.h"

namespace Leadline {

ChangeBus::ChangeBus(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Leadline::ChangeSet>();
}

void ChangeBus::publish(const ChangeSet &changes)
{
    if (!changes.isEmpty())
        emit changed(changes);
}

} // namespace Leadline
