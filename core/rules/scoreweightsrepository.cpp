#include "scoreweightsrepository.h"

#include "core/reference/permissions.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

ScoreWeightsRepository::ScoreWeightsRepository(LocalStore &store)
    : m_store(store)
{}

Result<ScoreWeights> ScoreWeightsRepository::load() const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT weights FROM score_weights WHERE deleted = 0 "
                                 "ORDER BY id = ? DESC, updated_at DESC LIMIT 1"));
    query.addBindValue(QLatin1String(rowId));
    if (!query.exec())
        return Error{QCoreApplication::translate("Leadline::ScoreWeights", "The score weights could not be read: %1").arg(query.lastError().text())};
    if (!query.next())
        return ScoreWeights::defaults();
    return ScoreWeights::fromJson(query.value(0).toString());
}

Status ScoreWeightsRepository::save(const ScoreWeights &weights)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::EditRules); !allowed)
        return allowed.error();
    if (const QString problem = weights.problem(); !problem.isEmpty())
        return Error{problem};
    const QString text
        = QString::fromUtf8(QJsonDocument(weights.toJson()).toJson(QJsonDocument::Compact));
    QSqlQuery exists(m_store.database());
    exists.prepare(QStringLiteral("SELECT 1 FROM score_weights WHERE id = ?"));
    exists.addBindValue(QLatin1String(rowId));
    if (!exists.exec())
        return Error{QCoreApplication::translate("Leadline::ScoreWeights", "The score weights could not be read: %1").arg(exists.lastError().text())};
    ChangeWriter writer(m_store);
    if (exists.next()) {
        return writer.update(QStringLiteral("score_weights"), QLatin1String(rowId),
                             {{QStringLiteral("weights"), text}, {QStringLiteral("deleted"), 0}});
    }
    auto inserted = writer.insert(
        QStringLiteral("score_weights"),
        {{QStringLiteral("id"), QLatin1String(rowId)}, {QStringLiteral("weights"), text}});
    return inserted ? Status() : Status(inserted.error());
}

} // namespace Leadline
