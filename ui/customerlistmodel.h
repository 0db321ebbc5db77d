#pragma once

#include "core/customers/customersearch.h"

#include <QAbstractTableModel>
#include <QThread>

#include <atomic>

namespace Leadline {
class Clock;
class CustomerSearchWorker;
}

namespace Leadline::Ui {


/// The customer list: search results fetched page by page as the view scrolls. Searches run
/// on a worker thread with its own workspace connection; answers to superseded queries are
/// dropped, and the rows shown stay until the new ones arrive.
class CustomerListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerListModel)

public:
    enum Column { NameColumn, CompanyColumn, PhoneColumn, StageColumn, IntentColumn, OwnerColumn,
                  ScoreColumn, LastContactColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole, StageValueRole, IntentValueRole };
    /// Counting stops here: beyond it the list says "10,000+".
    static constexpr int countCap = 10000;
    /// Rows fetched per page (the first page of a search, and each page scrolled to).
    static constexpr int pageSize = 200;

    /// Searches run on a thread of the model's own, with their own connection to the workspace.
    CustomerListModel(const QString &workspacePath, const Clock &clock, QObject *parent = nullptr);
    ~CustomerListModel() override;

    /// Starts a new search; the rows change when its first page arrives.
    void setQuery(const QString &text, const CustomerFilter &filter = {});
    /// Re-runs the current search (after an edit or a sync).
    void refresh();
    QString text() const { return m_text; }
    CustomerSort sortOrder() const { return m_sort; }
    /// The number of matches, at most countCap + 1 (see totalIsCapped()).
    int totalCount() const { return m_total; }
    bool totalIsCapped() const { return m_total > countCap; }
    /// Whether a search is under way (its rows or its count not yet in).
    bool isSearching() const { return m_pending; }
    /// Whether the rows of the newest search are still on their way.
    bool rowsPending() const { return m_rowsPending; }
    /// Why the last search could not be answered (empty when it was).
    QString error() const { return m_error; }
    QString customerId(int row) const;
    int rowOfCustomer(const QString &id) const;
    /// Whether phone numbers are masked (agents, by policy).
    void setMaskPhones(bool mask);
    /// Whether a column can be sorted on (name, stage, score, last contact).
    static bool isSortable(int column);
    /// Sorts by a column; Relevance (best match first) when column is -1.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// What a column shows for a customer (masked phones included), for the list and its export.
    QVariant display(const Leadline::CustomerHit &hit, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    /// The first page of a new search is shown (its count may still be on its way).
    void rowsShown();
    /// A search finished: its first page is shown and total is the number of matches (capped).
    void searchFinished(int total);
    /// The search could not read the workspace; the list is empty and message says why.
    void searchFailed(const QString &message);

private:
    void request(int offset, int countCapValue);
    void onPageReady(quint64 generation, int offset, const QList<Leadline::CustomerHit> &hits,
                     int total);
    void onPageFailed(quint64 generation, const QString &message);
    void onCountReady(quint64 generation, int total);

    QThread m_thread;
    CustomerSearchWorker *m_worker;
    std::atomic<quint64> m_latest{0};
    quint64 m_generation = 0;
    QString m_text;
    QString m_error;
    CustomerFilter m_filter;
    CustomerSort m_sort;
    QList<CustomerHit> m_rows;
    int m_total = 0;
    bool m_pending = false;     ///< first page or count of the current generation not yet in
    bool m_rowsPending = false; ///< first page of the current generation not yet shown
    bool m_fetching = false;    ///< a further page is on its way
    bool m_exhausted = true;    ///< the last page came back short
    bool m_maskPhones = false;
};

} // namespace Leadline::Ui
