#include "rulerepository.h"

#include "defaultrules.h"
#include "rulevalidator.h"

#include "core/domain/ids.h"
#include "core/reference/permissions.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

Error readError(const QSqlQuery &query)
{
    return Error{
        QCoreApplication::translate("Leadline::RuleRepository", "The rules could not be read: %1")
            .arg(query.lastError().text())};
}

const char *const ruleColumns = "id, name, trigger_kind, trigger_field, trigger_value, condition, "
                                "actions, enabled";

Rule ruleFrom(const QSqlQuery &query)
{
    Rule rule;
    rule.id = query.value(0).toString();
    rule.name = query.value(1).toString();
    rule.trigger.kind
        = RuleTrigger::fromName(query.value(2).toString()).value_or(RuleTriggerKind::Schedule);
    rule.trigger.field = query.value(3).toString();
    rule.trigger.value = query.value(4).toString();
    rule.condition = query.value(5).toString();
    rule.actions = RuleRepository::actionsFromJson(query.value(6).toString());
    rule.enabled = query.value(7).toInt() != 0;
    return rule;
}

} // namespace

RuleRepository::RuleRepository(LocalStore &store)
    : m_store(store)
{}

Result<QList<Rule>> RuleRepository::all() const
{
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT %1 FROM rules WHERE deleted = 0 "
                                   "ORDER BY sort_order, name, id")
                        .arg(QLatin1String(ruleColumns))))
        return readError(query);
    QList<Rule> rules;
    while (query.next())
        rules.append(ruleFrom(query));
    return rules;
}

Result<std::optional<Rule>> RuleRepository::find(const QString &idOrName) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT %1 FROM rules WHERE deleted = 0 AND (id = ? OR name = ?) "
                                 "ORDER BY id = ? DESC LIMIT 1")
                      .arg(QLatin1String(ruleColumns)));
    query.addBindValue(idOrName);
    query.addBindValue(idOrName);
    query.addBindValue(idOrName);
    if (!query.exec())
        return readError(query);
    if (!query.next())
        return std::optional<Rule>();
    return std::optional<Rule>(ruleFrom(query));
}

RuleCheckContext RuleRepository::checkContext() const
{
    RuleCheckContext context = RuleCheckContext::shipped();
    QSqlQuery query(m_store.database());
    if (query.exec(QStringLiteral("SELECT name FROM dispositions WHERE deleted = 0 "
                                  "ORDER BY sort_order, name"))) {
        QStringList names;
        while (query.next())
            names.append(query.value(0).toString());
        if (!names.isEmpty())
            context.dispositions = names;
    }
    return context;
}

Result<QString> RuleRepository::save(const Rule &rule)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::EditRules); !allowed)
        return allowed.error();
    const QList<Error> errors = RuleValidator(checkContext()).validate(rule);
    if (!errors.isEmpty())
        return errors.first();

    const QVariantMap fields = {
        {QStringLiteral("name"), rule.name.trimmed()},
        {QStringLiteral("trigger_kind"), RuleTrigger::name(rule.trigger.kind)},
        {QStringLiteral("trigger_field"), rule.trigger.field},
        {QStringLiteral("trigger_value"), rule.trigger.value},
        {QStringLiteral("condition"), rule.condition},
        {QStringLiteral("actions"), actionsToJson(rule.actions)},
        {QStringLiteral("enabled"), rule.enabled ? 1 : 0},
    };
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    QString id = rule.id;
    QSqlQuery exists(m_store.database());
    exists.prepare(QStringLiteral("SELECT deleted FROM rules WHERE id = ?"));
    exists.addBindValue(id);
    if (!exists.exec())
        return readError(exists);
    if (!id.isEmpty() && exists.next()) {
        QVariantMap changes = fields;
        changes.insert(QStringLiteral("deleted"), 0);
        exists.finish();
        if (auto updated = writer.update(QStringLiteral("rules"), id, changes); !updated)
            return updated.error();
    } else {
        exists.finish();
        QVariantMap row = fields;
        row.insert(QStringLiteral("id"), id.isEmpty() ? newId() : id);
        QSqlQuery last(m_store.database());
        if (last.exec(QStringLiteral("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM rules"))
            && last.next()) {
            row.insert(QStringLiteral("sort_order"), last.value(0).toInt());
        }
        auto inserted = writer.insert(QStringLiteral("rules"), row);
        if (!inserted)
            return inserted.error();
        id = *inserted;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Status RuleRepository::remove(const QString &id)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::EditRules); !allowed)
        return allowed;
    return ChangeWriter(m_store).remove(QStringLiteral("rules"), id);
}

Result<int> RuleRepository::installDefaults()
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::EditRules); !allowed)
        return allowed.error();
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    int added = 0;
    QSqlQuery known(m_store.database());
    known.prepare(QStringLiteral("SELECT 1 FROM rules WHERE id = ?"));
    for (const Rule &rule : DefaultRules::all()) {
        known.addBindValue(rule.id);
        if (!known.exec())
            return readError(known);
        const bool present = known.next();
        known.finish();
        if (present)
            continue;
        auto saved = save(rule);
        if (!saved)
            return saved.error();
        ++added;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return added;
}

QString RuleRepository::actionsToJson(const QList<RuleAction> &actions)
{
    QJsonArray array;
    for (const RuleAction &action : actions) {
        array.append(
            QJsonObject{{QStringLiteral("kind"), RuleAction::name(action.kind)},
                        {QStringLiteral("params"), QJsonObject::fromVariantMap(action.params)}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<RuleAction> RuleRepository::actionsFromJson(const QString &json)
{
    QList<RuleAction> actions;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        const auto kind = RuleAction::fromName(object.value(QStringLiteral("kind")).toString());
        if (!kind)
            continue;
        actions.append(
            RuleAction{*kind, object.value(QStringLiteral("params")).toObject().toVariantMap()});
    }
    return actions;
}

} // namespace Leadline
