#pragma once

#include "core/domain/activity.h"
#include "core/domain/customer.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Leadline {

/// Fills a script's merge fields ({customer.name}, {contact.title}, {agent.name}…) for the
/// customer on screen. The template itself is never changed. A field Leadline does not know is
/// shown as ⟦unknown: name⟧ and a known field without a value as ⟦missing: name⟧, so an agent
/// never reads a script with a silent hole in it.
class ScriptRenderer final
{
public:
    ScriptRenderer(const Customer &customer, std::optional<Contact> contact,
                   std::optional<Agent> agent);

    /// Every merge field a template may use, e.g. "customer.name".
    static const QStringList &knownFields();
    /// The merge fields a template uses, in order of first use.
    static QStringList fieldsIn(const QString &templateText);

    QString render(const QString &templateText) const;
    /// The value of one field; nullopt when the field is unknown, an empty string when missing.
    std::optional<QString> value(const QString &field) const;

private:
    Customer m_customer;
    std::optional<Contact> m_contact;
    std::optional<Agent> m_agent;
};

} // namespace Leadline
