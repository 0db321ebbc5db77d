#pragma once

#include "core/storage/customersearch.h"

#include <QAbstractTableModel>

namespace Leadline {
class LocalStore;
}

namespace Leadline::Ui {

/// The customer list: search results fetched page by page as the view scrolls.
class CustomerListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerListModel)

public:
    enum Column { NameColumn, CompanyColumn, PhoneColumn, StageColumn, IntentColumn, OwnerColumn,
                  ScoreColumn, LastContactColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole, StageValueRole, IntentValueRole };

    explicit CustomerListModel(LocalStore &store, QObject *parent = nullptr);

    /// Runs a new search; the model resets and fetches its first page.
    void setQuery(const QString &text, const CustomerFilter &filter = {});
    /// Re-runs the current search (after an edit or a sync).
    void refresh();
    QString text() const { return m_text; }
    int totalCount() const { return m_total; }
    QString customerId(int row) const;
    int rowOfCustomer(const QString &id) const;
    /// Whether phone numbers are masked (agents, by policy).
    void setMaskPhones(bool mask);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    /// A search finished; total is the number of matches.
    void searchFinished(int total);

private:
    static constexpr int pageSize = 200;
    LocalStore &m_store;
    QString m_text;
    CustomerFilter m_filter;
    QList<CustomerHit> m_rows;
    int m_total = 0;
    bool m_maskPhones = false;
};

} // namespace Leadline::Ui
