#pragma once

#include "core/importexport/exporter.h"

class QTableView;

namespace Leadline::Ui {

/// What a table view shows, for an export (§2.6, §2.8): its visible columns in their order and
/// its rows in their sort. A cell's value is its valueRole data when it has some (exact values:
/// seconds, fractions, counts), else its text. The caller names the table (kind, sheet) and adds
/// what the audit entry should say about it.
ExportedTable tableAsShown(const QTableView &view, int valueRole = -1);

} // namespace Leadline::Ui
