#pragma once

#include "core/domain/result.h"
#include "core/importexport/exporter.h"

#include "services.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace Leadline {
class LocalStore;
struct CustomerFilter;
}

namespace Leadline::Ui {

class CustomerListModel;

/// The customer list: search as you type, filters, sortable columns and the lazily fetched
/// results (searched off the UI thread).
class CustomerListView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerListView)

public:
    explicit CustomerListView(const Services &services, QWidget *parent = nullptr);

    CustomerListModel *model() const { return m_model; }
    /// Puts the cursor in the search box with its text selected.
    void focusSearch();
    /// Moves the selection to the next (+1) or previous (-1) customer and opens it.
    void step(int delta);
    void refresh();
    QString currentCustomerId() const;
    /// Sorts the list as its header's sort indicator says (after the header was restored).
    void applySortIndicator();
    /// What is typed in the search box.
    QString searchText() const;
    /// Every customer the current search and filters match, in the list's sort, with the list's
    /// visible columns in their order (as the list shows them), for an export.
    Result<ExportedTable> tableAsShown() const;
    /// The ids of every customer the current search and filters match, in the list's sort.
    Result<QStringList> matchingIds() const;
    /// Reloads the tag and source choices of the filters (after an import or a sync).
    void reloadFilterChoices();

signals:
    /// The agent moved to a customer in the list (selection changed).
    void customerSelected(const QString &id);
    /// The agent opened a customer (Enter or double click): focus goes to its 360 view.
    void customerOpened(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void runSearch();
    CustomerFilter currentFilter() const;
    void onCurrentChanged();
    void onRowsShown();
    void onHeaderClicked(int section);
    void openCurrent();
    void updateCount();

    Services m_services;
    CustomerListModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_scope;
    QComboBox *m_stage;
    QComboBox *m_intent;
    QComboBox *m_source;
    QComboBox *m_tag;
    QComboBox *m_scoreBand;
    QComboBox *m_lastContact;
    QTableView *m_table;
    QLabel *m_count;
    QString m_keepSelection;   ///< customer to select again when the results arrive
    bool m_openWhenReady = false; ///< Enter was pressed while a search was on its way
    /// The same customer selected again after a refresh: the 360 view stays where it is (a lead
    /// claimed or opened from the queue is not replaced by the list's customer).
    bool m_reselecting = false;
    /// Opens the first match in the 360 view once the keys pause (followDelayMs).
    QTimer *m_follow;
    static constexpr int followDelayMs = 400;
};

} // namespace Leadline::Ui
