#include "conflictsview.h"

#include "conflictsmodel.h"
#include "core/domain/fieldcatalogue.h"
#include "core/domain/fielddefinition.h"

#include <QDateTime>
#include <QHash>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Leadline::Ui {

ConflictsView::ConflictsView(ConflictLog &log, QWidget *parent)
    : QDialog(parent)
    , m_log(log)
    , m_model(new ConflictsModel(this))
    , m_intro(new QLabel(this))
    , m_table(new QTableView(this))
    , m_keepMine(new QPushButton(this))
    , m_keepTheirs(new QPushButton(this))
    , m_error(new QLabel(this))
    , m_rejectedIntro(new QLabel(this))
    , m_rejected(new QTableWidget(this))
{
    setObjectName(QStringLiteral("conflictsView"));
    m_table->setObjectName(QStringLiteral("conflictsTable"));
    m_keepMine->setObjectName(QStringLiteral("keepMine"));
    m_keepTheirs->setObjectName(QStringLiteral("keepTheirs"));
    m_intro->setWordWrap(true);
    m_error->setWordWrap(true);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_rejected->setObjectName(QStringLiteral("rejectedTable"));
    m_rejected->setColumnCount(3);
    m_rejected->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rejected->horizontalHeader()->setStretchLastSection(true);
    m_rejected->verticalHeader()->hide();
    m_rejectedIntro->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_keepMine);
    buttons->addWidget(m_keepTheirs);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    layout->addWidget(m_rejectedIntro);
    layout->addWidget(m_rejected, 1);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_keepMine, &QPushButton::clicked, this, &ConflictsView::onKeepMine);
    connect(m_keepTheirs, &QPushButton::clicked, this, &ConflictsView::onKeepTheirs);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConflictsView::onSelectionChanged);
    resize(720, 360);
    retranslateUi();
    reload();
}

QString ConflictsView::fieldLabel(const QString &table, const QString &field)
{
    // Customer and contact fields come from the field catalogue, in the UI language.
    if (const FieldDefinition *definition = FieldCatalogue::byColumn(table, field))
        return definition->label();
    if (field == QLatin1String("is_primary"))
        return tr("Primary contact");
    return field;
}

void ConflictsView::reload()
{
    const auto open = m_log.open();
    m_model->setConflicts(open ? *open : QList<Conflict>());
    // What cannot be read is said, not shown as "no conflicts".
    m_error->setText(open ? QString() : open.message());
    m_table->resizeColumnsToContents();
    for (int column = 0; column + 1 < ConflictsModel::ColumnCount; ++column) // room for CJK glyphs
        m_table->setColumnWidth(column, m_table->columnWidth(column) + 16);
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    onSelectionChanged();

    const auto read = m_log.rejected();
    if (!read)
        m_error->setText(read.message());
    const QList<RejectedChange> rejected = read ? *read : QList<RejectedChange>();
    m_rejected->setRowCount(int(rejected.size()));
    for (int row = 0; row < rejected.size(); ++row) {
        const RejectedChange &change = rejected.at(row);
        const QStringList cells = {
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(change.rejectedAt).toLocalTime(),
                               QLocale::ShortFormat),
            change.table, change.reason};
        for (int column = 0; column < cells.size(); ++column)
            m_rejected->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_rejectedIntro->setVisible(!rejected.isEmpty());
    m_rejected->setVisible(!rejected.isEmpty());
}

qint64 ConflictsView::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_model->idAt(rows.first().row());
}

void ConflictsView::onSelectionChanged()
{
    const bool any = selectedId() != 0;
    m_keepMine->setEnabled(any);
    m_keepTheirs->setEnabled(any);
}

void ConflictsView::onKeepMine()
{
    if (auto done = m_log.keepMine(selectedId()); !done) {
        m_error->setText(done.message());
        return;
    }
    m_error->clear();
    reload();
    emit conflictResolved();
}

void ConflictsView::onKeepTheirs()
{
    if (auto done = m_log.keepTheirs(selectedId()); !done) {
        m_error->setText(done.message());
        return;
    }
    m_error->clear();
    reload();
    emit conflictResolved();
}

void ConflictsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ConflictsView::retranslateUi()
{
    setWindowTitle(tr("Sync conflicts"));
    m_intro->setText(tr("You and a colleague changed the same field at the same time. Their change "
                        "reached the server last and replaced yours. Keep theirs, or put yours "
                        "back."));
    m_rejectedIntro->setText(tr("Changes the server refused. They were set aside and the record "
                                "shows the server's version again:"));
    m_rejected->setHorizontalHeaderLabels({tr("When"), tr("Record type"), tr("Reason")});
    m_keepMine->setText(tr("Keep mine"));
    m_keepTheirs->setText(tr("Keep theirs"));
}

} // namespace Leadline::Ui
