#pragma once

#include <QString>

#include <optional>

namespace Leadline {

/// One call attempt and its outcome. Insert-only: corrections are new rows.
struct Call
{
    QString id;
    QString customerId;
    QString contactId;
    QString phoneE164;
    QString agentId;
    QString direction = QStringLiteral("out");
    qint64 startedAt = 0;
    std::optional<qint64> connectedAt;
    std::optional<qint64> endedAt;
    int durationSeconds = 0;
    QString outcome; ///< how the call ended: connected, busy, no_answer, rejected, failed, cancelled, manual
    QString dispositionId;
    QString note;
    QString recordingUrl;
};

/// A free-text note on a customer.
struct Note
{
    QString id;
    QString customerId;
    QString agentId;
    QString body;
    qint64 createdAt = 0;
};

/// A callback or task in somebody's queue.
struct Todo
{
    QString id;
    QString customerId;
    QString agentId;
    QString kind = QStringLiteral("callback");
    QString title;
    qint64 dueAt = 0;
    int priority = 2; ///< 1 high, 2 normal, 3 low
    std::optional<qint64> completedAt;
    qint64 createdAt = 0;
    QString createdByRule;
};

/// A configurable call outcome with its hotkey and what it requires.
struct Disposition
{
    QString id;
    QString name;
    int hotkey = 0;
    bool isConnect = false;
    bool noteRequired = false;
    bool callbackRequired = false;
    int redialDelayMinutes = 0;
    int sortOrder = 0;
    bool active = true;
};

/// A knowledge-base article (Markdown body).
struct Article
{
    QString id;
    QString title;
    QString body;
    QString category;
    QString tags;          ///< comma separated
    QString stages;        ///< comma separated stages it suits
    QString industries;    ///< comma separated
    QString customerTypes; ///< comma separated
    QString author;
    bool retired = false;
    qint64 updatedAt = 0;
};

/// A user of Leadline.
struct Agent
{
    QString id;
    QString login;
    QString name;
    QString role = QStringLiteral("agent");
    QString teamId;
    bool active = true;
};

} // namespace Leadline
