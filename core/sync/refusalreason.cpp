#include "refusalreason.h"

#include <QCoreApplication>
#include <QHash>

namespace Leadline {

QString RefusalReason::explain(const QString &code, const QString &serverReason)
{
    static const QHash<QString, const char *> texts = {
        {QStringLiteral("not_visible"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "This customer is no longer yours: it was reassigned or claimed by "
                           "someone else.")},
        {QStringLiteral("reassign"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Only supervisors and administrators reassign customers and to-dos.")},
        {QStringLiteral("claim_cap"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "You have reached today's limit of leads claimed from the pool.")},
        {QStringLiteral("not_author"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Only its author may change or delete this entry.")},
        {QStringLiteral("not_assignee"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Only the person it is assigned to, or a supervisor, may change or "
                           "complete this to-do.")},
        {QStringLiteral("admin_only"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason", "Only administrators may do this.")},
        {QStringLiteral("merge"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Only supervisors and administrators merge customers.")},
        {QStringLiteral("no_delete"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason", "Your role may not delete this record.")},
        {QStringLiteral("column"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason", "Your role may not change this field.")},
        {QStringLiteral("reference"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "The change refers to a record that does not exist on the server or "
                           "does not belong with it.")},
        {QStringLiteral("domain"), QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                                                     "A value is outside what this field allows.")},
        {QStringLiteral("unique"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "The name is already used by another record.")},
        {QStringLiteral("disabled"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Your account is disabled: ask your administrator.")},
        {QStringLiteral("owner"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason", "The new owner is not an active user.")},
        {QStringLiteral("import_role"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Imports are for supervisors and administrators: the server refused "
                           "this imported record.")},
        {QStringLiteral("export_role"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason",
                           "Exports are for supervisors and administrators: the server refused "
                           "the export.")},
        {QStringLiteral("missing"),
         QT_TRANSLATE_NOOP("Leadline::RefusalReason", "The record does not exist on the server.")},
    };
    const auto text = texts.constFind(code);
    if (text == texts.constEnd())
        return serverReason;
    return QCoreApplication::translate("Leadline::RefusalReason", *text);
}

} // namespace Leadline
