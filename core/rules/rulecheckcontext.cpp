#include "rulecheckcontext.h"

#include "core/domain/vocabulary.h"

#include <QCoreApplication>

namespace Leadline {

RuleCheckContext RuleCheckContext::shipped()
{
    // The names ReferenceRepository::ensureDefaultDispositions() installs.
    return RuleCheckContext{{QStringLiteral("有意向"), QStringLiteral("无意向"),
                             QStringLiteral("未接通"), QStringLiteral("忙线"),
                             QStringLiteral("空号/错号"), QStringLiteral("语音信箱"),
                             QStringLiteral("要求回电"), QStringLiteral("已成交")}};
}

QStringList RuleCheckContext::values(const QString &domain) const
{
    if (domain == QLatin1String("stage"))
        return Vocabulary::stages();
    if (domain == QLatin1String("intent"))
        return Vocabulary::intents();
    if (domain == QLatin1String("customer_type"))
        return Vocabulary::customerTypes();
    if (domain == QLatin1String("disposition"))
        return dispositions;
    if (domain == QLatin1String("todo_kind"))
        return {QStringLiteral("callback"), QStringLiteral("task"), QStringLiteral("meeting")};
    return {};
}

QString RuleCheckContext::domainName(const QString &domain)
{
    const char *text = QT_TRANSLATE_NOOP("Leadline::Rules", "a known value");
    if (domain == QLatin1String("stage"))
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a stage");
    else if (domain == QLatin1String("intent"))
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "an intent level");
    else if (domain == QLatin1String("customer_type"))
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a customer type");
    else if (domain == QLatin1String("disposition"))
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a disposition");
    else if (domain == QLatin1String("todo_kind"))
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a todo kind");
    return QCoreApplication::translate("Leadline::Rules", text);
}

} // namespace Leadline
