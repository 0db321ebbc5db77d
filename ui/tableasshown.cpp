#include "tableasshown.h"

#include <QHeaderView>
#include <QTableView>

namespace Leadline::Ui {

ExportedTable tableAsShown(const QTableView &view, int valueRole)
{
    ExportedTable table;
    const QAbstractItemModel *model = view.model();
    if (!model)
        return table;
    const QHeaderView *header = view.horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        if (!header->isSectionHidden(column))
            columns.append(column);
    }
    for (const int column : columns)
        table.header.append(model->headerData(column, Qt::Horizontal).toString());
    for (int row = 0; row < model->rowCount(); ++row) {
        QVariantList cells;
        for (const int column : columns) {
            const QModelIndex index = model->index(row, column);
            const QVariant value = valueRole >= 0 ? index.data(valueRole) : QVariant();
            cells.append(value.isValid() ? value : index.data(Qt::DisplayRole));
        }
        table.rows.append(cells);
    }
    const int sorted = header->isSortIndicatorShown() ? header->sortIndicatorSection() : -1;
    if (sorted >= 0 && sorted < model->columnCount()) {
        table.detail.insert(QStringLiteral("sorted_by"),
                            model->headerData(sorted, Qt::Horizontal).toString());
        table.detail.insert(QStringLiteral("order"), header->sortIndicatorOrder() == Qt::AscendingOrder
                                                         ? QStringLiteral("ascending")
                                                         : QStringLiteral("descending"));
    }
    return table;
}

} // namespace Leadline::Ui
