#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace Leadline {

/// A todo whose due time came: what a notification needs to say and open.
struct Reminder
{
    QString todoId;
    QString customerId;
    QString customerName;
    QString title;
    QString kind;
    qint64 dueAt = 0;
    int priority = 2;
};

} // namespace Leadline

Q_DECLARE_METATYPE(Leadline::Reminder)
