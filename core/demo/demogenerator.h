#pragma once

#include "demorandom.h"
#include "demoworkspace.h"

#include <QHash>
#include <QSqlQuery>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// Writes the demo's customers and everything hanging off them, one customer at a time, with
/// prepared statements reused for every row. Used by DemoWorkspace inside its transaction.
class DemoGenerator final
{
public:
    struct Staff
    {
        QStringList agentIds;      ///< role agent, in creation order
        QStringList supervisorIds;
    };

    DemoGenerator(LocalStore &store, DemoRandom &random, qint64 nowMs, const DemoOptions &options);

    /// Prepares the statements; the dispositions are looked up by their default names.
    Status prepare(const QHash<QString, QString> &dispositionIds, const Staff &staff);
    Status writeTags();
    Status writeCustomer();
    Status writeArticles(const QString &author);
    /// The shipped default rules (§2.5), as a supervisor would have saved them.
    Status writeRules();

    const DemoWorkspace::Summary &summary() const { return m_summary; }

private:
    struct CallPlan
    {
        qint64 at = 0;
        QString disposition; ///< default disposition name
        QString contactId;
        QString phone;
        QString agentId;
    };
    struct ContactPlan
    {
        QString id;
        QStringList phones;
    };

    qint64 workingTimeBetween(qint64 fromMs, qint64 toMs);
    QString callDisposition(int stageIndex, bool last);
    Status writeCall(const QString &customerId, const CallPlan &plan);
    Status writeTodos(const QString &customerId, const QString &ownerId, const QString &intent,
                      int stageIndex, const QList<CallPlan> &calls, qint64 createdAt);
    Status writeStageEvents(const QString &customerId, const QString &agentId, int stageIndex,
                            int lostAfter, const QList<CallPlan> &calls, qint64 createdAt);
    Status exec(QSqlQuery &query);

    LocalStore &m_store;
    DemoRandom &m_random;
    qint64 m_now;
    DemoOptions m_options;
    Staff m_staff;
    QHash<QString, QString> m_dispositions;
    QStringList m_tagIds;
    double m_stageFactorMean = 1.0;
    DemoWorkspace::Summary m_summary;

    QSqlQuery m_customer;
    QSqlQuery m_contact;
    QSqlQuery m_phone;
    QSqlQuery m_customerTag;
    QSqlQuery m_call;
    QSqlQuery m_note;
    QSqlQuery m_todo;
    QSqlQuery m_event;
};

} // namespace Leadline
