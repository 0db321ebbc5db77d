#pragma once

#include <QString>
#include <QStringList>

namespace Leadline {

/// What the checker needs to know about the workspace: the value sets a condition may name.
struct RuleCheckContext
{
    QStringList dispositions; ///< names of the workspace's dispositions

    /// The context of a workspace with the shipped dispositions (§2.2).
    static RuleCheckContext shipped();
    /// The values a text domain accepts ("stage", "intent", "customer_type", "disposition",
    /// "todo_kind"); empty for an unknown domain.
    QStringList values(const QString &domain) const;
    /// How a domain is named in messages ("a stage", "a disposition"…), translated.
    static QString domainName(const QString &domain);
};

} // namespace Leadline
