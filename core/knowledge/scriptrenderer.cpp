#include "scriptrenderer.h"

#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Leadline {

namespace {

const QRegularExpression &fieldPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{([A-Za-z_]+\\.[A-Za-z_]+)\\}"));
    return pattern;
}

} // namespace

ScriptRenderer::ScriptRenderer(const Customer &customer, std::optional<Contact> contact,
                               std::optional<Agent> agent)
    : m_customer(customer)
    , m_contact(std::move(contact))
    , m_agent(std::move(agent))
{}

const QStringList &ScriptRenderer::knownFields()
{
    static const QStringList fields = {
        QStringLiteral("customer.name"),     QStringLiteral("customer.company"),
        QStringLiteral("customer.title"),    QStringLiteral("customer.industry"),
        QStringLiteral("customer.region"),   QStringLiteral("customer.source"),
        QStringLiteral("customer.stage"),    QStringLiteral("customer.intent"),
        QStringLiteral("customer.type"),     QStringLiteral("customer.email"),
        QStringLiteral("contact.name"),      QStringLiteral("contact.title"),
        QStringLiteral("contact.email"),     QStringLiteral("contact.phone"),
        QStringLiteral("agent.name"),        QStringLiteral("agent.login"),
    };
    return fields;
}

QStringList ScriptRenderer::fieldsIn(const QString &templateText)
{
    QStringList fields;
    auto it = fieldPattern().globalMatch(templateText);
    while (it.hasNext()) {
        const QString field = it.next().captured(1);
        if (!fields.contains(field))
            fields.append(field);
    }
    return fields;
}

std::optional<QString> ScriptRenderer::value(const QString &field) const
{
    const Customer &c = m_customer;
    if (field == QLatin1String("customer.name"))
        return c.name;
    if (field == QLatin1String("customer.company"))
        return c.company;
    if (field == QLatin1String("customer.title"))
        return c.title;
    if (field == QLatin1String("customer.industry"))
        return c.industry;
    if (field == QLatin1String("customer.region"))
        return c.region;
    if (field == QLatin1String("customer.source"))
        return c.source.isEmpty() ? QString() : Vocabulary::label(c.source);
    if (field == QLatin1String("customer.stage"))
        return c.stage.isEmpty() ? QString() : Vocabulary::label(c.stage);
    if (field == QLatin1String("customer.intent"))
        return c.intent.isEmpty() ? QString() : Vocabulary::label(c.intent);
    if (field == QLatin1String("customer.type"))
        return c.customerType.isEmpty() ? QString() : Vocabulary::label(c.customerType);
    if (field == QLatin1String("customer.email"))
        return c.email;
    if (field.startsWith(QLatin1String("contact."))) {
        if (!knownFields().contains(field))
            return std::nullopt;
        if (!m_contact)
            return QString();
        if (field == QLatin1String("contact.name"))
            return m_contact->name;
        if (field == QLatin1String("contact.title"))
            return m_contact->title;
        if (field == QLatin1String("contact.email"))
            return m_contact->email;
        return m_contact->phones.isEmpty() ? QString() : PhoneNumbers::display(m_contact->phones.first().e164);
    }
    if (field == QLatin1String("agent.name"))
        return m_agent ? m_agent->name : QString();
    if (field == QLatin1String("agent.login"))
        return m_agent ? m_agent->login : QString();
    return std::nullopt;
}

QString ScriptRenderer::render(const QString &templateText) const
{
    QString out;
    out.reserve(templateText.size());
    qsizetype last = 0;
    auto it = fieldPattern().globalMatch(templateText);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(templateText).mid(last, match.capturedStart() - last);
        const QString field = match.captured(1);
        const std::optional<QString> filled = value(field);
        if (!filled) {
            out += QCoreApplication::translate("Leadline::ScriptRenderer", "⟦unknown: %1⟧").arg(field);
        } else if (filled->trimmed().isEmpty()) {
            out += QCoreApplication::translate("Leadline::ScriptRenderer", "⟦missing: %1⟧").arg(field);
        } else {
            out += *filled;
        }
        last = match.capturedEnd();
    }
    out += QStringView(templateText).mid(last);
    return out;
}

} // namespace Leadline
