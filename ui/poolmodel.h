#pragma once

#include "core/queue/leadpool.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Leadline::Ui {

/// The lead pool's unowned leads, best score first: name, phone (masked unless the user may see
/// numbers in full), company, source, score and age.
class PoolModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PoolModel)

public:
    enum Column { NameColumn, PhoneColumn, CompanyColumn, SourceColumn, ScoreColumn, AgeColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole };

    explicit PoolModel(QObject *parent = nullptr);

    void setLeads(const QList<PoolLead> &leads);
    void setMaskPhones(bool mask);
    /// The customer id of a row (empty for an invalid row).
    QString idAt(int row) const;
    /// The row of a customer, or -1.
    int rowOf(const QString &customerId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void formatPhones();

    QList<PoolLead> m_leads;
    QStringList m_phoneTexts; ///< each lead's number as shown, formatted once per refresh
    bool m_maskPhones = true;
};

} // namespace Leadline::Ui
