#include "auditmodel.h"

#include "usersmodel.h"

#include "core/domain/fieldcatalogue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Leadline::Ui {

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AuditModel::setEntries(const QList<AuditEntry> &entries, const QHash<QString, QString> &names)
{
    beginResetModel();
    m_entries = entries;
    m_names = names;
    endResetModel();
}

QString AuditModel::actionLabel(const QString &action)
{
    if (action == QLatin1String("sign_in"))
        return tr("Signed in");
    if (action == QLatin1String("sign_in_refused"))
        return tr("Sign-in refused");
    if (action == QLatin1String("failed_sign_in"))
        return tr("Failed sign-in");
    if (action == QLatin1String("export"))
        return tr("Export");
    if (action == QLatin1String("import"))
        return tr("Import");
    if (action == QLatin1String("delete"))
        return tr("Delete");
    if (action == QLatin1String("merge"))
        return tr("Merge");
    if (action == QLatin1String("reassign"))
        return tr("Reassign");
    if (action == QLatin1String("claim"))
        return tr("Claim from the pool");
    if (action == QLatin1String("release"))
        return tr("Return to the pool");
    if (action == QLatin1String("role"))
        return tr("Role change");
    if (action == QLatin1String("team"))
        return tr("Team change");
    if (action == QLatin1String("user"))
        return tr("User change");
    if (action == QLatin1String("policy"))
        return tr("Policy change");
    if (action == QLatin1String("dnc"))
        return tr("Do-not-call list");
    if (action == QLatin1String("rule"))
        return tr("Rule change");
    return action;
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::who(const AuditEntry &entry) const
{
    const QString name = m_names.value(entry.agentId);
    if (!name.isEmpty())
        return entry.login.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, entry.login);
    return entry.login.isEmpty() ? entry.agentId : entry.login;
}

QString AuditModel::columnLabel(const QString &table, const QString &column)
{
    if (const FieldDefinition *field = FieldCatalogue::byColumn(table, column))
        return field->label();
    if (column == QLatin1String("login"))
        return tr("login");
    if (column == QLatin1String("name"))
        return tr("name");
    if (column == QLatin1String("active"))
        return tr("active");
    if (column == QLatin1String("deleted"))
        return tr("deleted");
    if (column == QLatin1String("role"))
        return tr("role");
    if (column == QLatin1String("team_id"))
        return tr("team");
    if (column == QLatin1String("supervisor_id"))
        return tr("supervisor");
    if (column == QLatin1String("reason"))
        return tr("reason");
    return column;
}

QString AuditModel::recordText(const AuditEntry &entry) const
{
    const QString &table = entry.tableName;
    const QString kind = table == QLatin1String("customers")     ? tr("customer")
                         : table == QLatin1String("agents")      ? tr("user")
                         : table == QLatin1String("teams")       ? tr("team")
                         : table == QLatin1String("policies")    ? tr("policy")
                         : table == QLatin1String("dnc_numbers") ? tr("do-not-call list")
                         : table == QLatin1String("rules")       ? tr("rule")
                         : table == QLatin1String("calls")       ? tr("call")
                         : table == QLatin1String("team_kpis")   ? tr("team figures")
                         : table == QLatin1String("team_chart")  ? tr("team chart")
                         : table == QLatin1String("live_floor")  ? tr("the live floor")
                         : table == QLatin1String("agent_calls") ? tr("an agent's calls")
                         : table == QLatin1String("agent_customers") ? tr("an agent's customers")
                         : table == QLatin1String("import_batches") ? tr("import batch")
                                                                 : table;
    if (entry.rowId.isEmpty())
        return kind;
    // A person or team by name; any other record by the start of its id, enough to tell apart.
    const QString name = m_names.value(entry.rowId, entry.rowId.left(8));
    return tr("%1 %2").arg(kind, name);
}

QString AuditModel::detailText(const AuditEntry &entry) const
{
    const QJsonObject detail = QJsonDocument::fromJson(entry.detail.toUtf8()).object();
    const auto value = [this, &entry](const QJsonValue &v) {
        if (v.isNull() || v.isUndefined() || v.toString() == QLatin1String(""))
            return entry.action == QLatin1String("reassign") || entry.action == QLatin1String("release")
                       ? tr("the lead pool")
                       : tr("(none)");
        if (v.isBool())
            return v.toBool() ? tr("yes") : tr("no");
        const QString text = v.toVariant().toString();
        if (entry.action == QLatin1String("role"))
            return UsersModel::roleLabel(text);
        return m_names.value(text, text);
    };
    const auto text = [&detail](const char *key) {
        return detail.value(QLatin1String(key)).toVariant().toString();
    };
    const QString action = entry.action;
    if (action == QLatin1String("export")) {
        const QString kind = text("kind");
        const QString what = kind == QLatin1String("customers")    ? tr("customers")
                             : kind == QLatin1String("calls")      ? tr("calls")
                             : kind == QLatin1String("team_kpis")  ? tr("team figures")
                             : kind == QLatin1String("team_chart") ? tr("team chart")
                             : kind == QLatin1String("live_floor") ? tr("the live floor")
                             : kind == QLatin1String("agent_calls") ? tr("an agent's calls")
                             : kind == QLatin1String("agent_customers") ? tr("an agent's customers")
                                                                   : kind;
        QString line = detail.contains(QStringLiteral("rows"))
                           ? tr("%1 as %2, %n row(s)", nullptr, detail.value(QStringLiteral("rows")).toInt())
                                 .arg(what, text("format").toUpper())
                           : tr("%1 as %2").arg(what, text("format").toUpper());
        // A report's export says whose figures and which days it held.
        if (detail.contains(QStringLiteral("from")))
            line = tr("%1 (%2, %3 to %4)").arg(line, text("scope"), text("from"), text("to"));
        return line;
    }
    if (action == QLatin1String("import")) {
        const auto count = [&detail](const char *key) {
            return detail.value(QLatin1String(key)).toInt();
        };
        const QString counts = tr("%1 new, %2 updated, %3 skipped, %4 failed")
                                   .arg(count("imported"))
                                   .arg(count("updated"))
                                   .arg(count("skipped"))
                                   .arg(count("failed"));
        return text("file").isEmpty() ? counts : tr("%1: %2").arg(text("file"), counts);
    }
    if (action == QLatin1String("failed_sign_in"))
        return tr("as %1: %2").arg(text("login"), text("reason"));
    if (action == QLatin1String("merge"))
        return tr("%1 merged into %2").arg(value(detail.value(QStringLiteral("from"))),
                                           value(detail.value(QStringLiteral("into"))));
    if (action == QLatin1String("dnc")) {
        return detail.value(QStringLiteral("deleted")).toVariant().toBool()
                   ? tr("%1 removed from the list").arg(text("value"))
                   : tr("%1 added to the list").arg(text("value"));
    }
    if (detail.contains(QStringLiteral("changed"))) {
        QStringList columns;
        for (const QJsonValue &column : detail.value(QStringLiteral("changed")).toArray())
            columns.append(columnLabel(entry.tableName, column.toString()));
        return tr("changed: %1").arg(columns.join(tr(", ")));
    }
    if (detail.contains(QStringLiteral("from")) || detail.contains(QStringLiteral("to"))) {
        const QString change = tr("%1 → %2").arg(value(detail.value(QStringLiteral("from"))),
                                                 value(detail.value(QStringLiteral("to"))));
        const QString key = text("key");
        return key.isEmpty() ? change : tr("%1: %2").arg(key, change);
    }
    QStringList parts;
    for (auto it = detail.constBegin(); it != detail.constEnd(); ++it)
        parts.append(tr("%1: %2").arg(columnLabel(entry.tableName, it.key()), value(it.value())));
    return parts.join(tr("; "));
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    switch (role) {
    case IdRole:
        return entry.id;
    case ActionRole:
        return entry.action;
    case AgentIdRole:
        return entry.agentId;
    case AtRole:
        return entry.at;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case TimeColumn: {
        const QString time = QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(entry.at).toLocalTime(), QLocale::ShortFormat);
        return entry.pending ? tr("%1 (not yet on the server)").arg(time) : time;
    }
    case WhoColumn:
        return who(entry);
    case ActionColumn:
        return actionLabel(entry.action);
    case RecordColumn:
        return recordText(entry);
    case DetailColumn:
        return detailText(entry);
    case WorkstationColumn:
        return entry.workstation;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case ActionColumn:
        return tr("Action");
    case RecordColumn:
        return tr("Record");
    case DetailColumn:
        return tr("Details");
    case WorkstationColumn:
        return tr("Workstation");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Leadline::Ui
