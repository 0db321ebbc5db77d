#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Leadline::Ui {

/// Chooses the dialer (simulated, the desktop's softphone by URI, or baresip) and the call
/// timing limits. Stored in QSettings under dialer/…; applied on the next start.
class DialerSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DialerSettingsDialog)

public:
    explicit DialerSettingsDialog(QWidget *parent = nullptr);

    /// Writes the settings; false (with the reason shown) when an entry is invalid.
    bool store();

    void accept() override;

private:
    void updateEnabled();

    QComboBox *m_kind;
    QLineEdit *m_baresip;
    QLineEdit *m_dialTemplate;
    QComboBox *m_uriScheme;
    QSpinBox *m_ringTimeout;
    QSpinBox *m_wrapUpMax;
    QLabel *m_error;
};

} // namespace Leadline::Ui
