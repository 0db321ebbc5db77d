#include "dialersettingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Leadline::Ui {

DialerSettingsDialog::DialerSettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_kind(new QComboBox(this))
    , m_baresip(new QLineEdit(this))
    , m_dialTemplate(new QLineEdit(this))
    , m_uriScheme(new QComboBox(this))
    , m_ringTimeout(new QSpinBox(this))
    , m_wrapUpMax(new QSpinBox(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Dialer settings"));
    m_kind->setObjectName(QStringLiteral("dialerKind"));
    m_kind->addItem(tr("Simulated (training and demos)"), QStringLiteral("simulated"));
    m_kind->addItem(tr("Desktop softphone (tel:/sip: links)"), QStringLiteral("uri"));
    m_kind->addItem(tr("baresip (control port)"), QStringLiteral("baresip"));
    m_baresip->setObjectName(QStringLiteral("baresipAddress"));
    m_baresip->setPlaceholderText(QStringLiteral("127.0.0.1:4444"));
    m_dialTemplate->setPlaceholderText(QStringLiteral("{number}"));
    m_uriScheme->addItems({QStringLiteral("tel"), QStringLiteral("sip")});
    m_ringTimeout->setRange(10, 180);
    m_ringTimeout->setSuffix(tr(" s"));
    m_wrapUpMax->setRange(10, 1800);
    m_wrapUpMax->setSuffix(tr(" s"));
    m_error->setStyleSheet(QStringLiteral("color: #c0392b"));

    QSettings settings;
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(settings.value(QStringLiteral("dialer/kind"),
                                                                    QStringLiteral("simulated")))));
    m_baresip->setText(settings.value(QStringLiteral("dialer/baresip_ctrl"), QStringLiteral("127.0.0.1:4444")).toString());
    m_dialTemplate->setText(settings.value(QStringLiteral("dialer/baresip_template"), QStringLiteral("{number}")).toString());
    m_uriScheme->setCurrentText(settings.value(QStringLiteral("dialer/uri_scheme"), QStringLiteral("tel")).toString());
    m_ringTimeout->setValue(settings.value(QStringLiteral("dialer/ring_timeout_s"), 45).toInt());
    m_wrapUpMax->setValue(settings.value(QStringLiteral("dialer/wrapup_max_s"), 120).toInt());

    auto *form = new QFormLayout;
    form->addRow(tr("&Dialer:"), m_kind);
    form->addRow(tr("baresip &control port:"), m_baresip);
    form->addRow(tr("baresip dial &target:"), m_dialTemplate);
    form->addRow(tr("&Link type:"), m_uriScheme);
    form->addRow(tr("&Ring timeout:"), m_ringTimeout);
    form->addRow(tr("&Wrap-up limit:"), m_wrapUpMax);
    auto *note = new QLabel(tr("Changes apply the next time Leadline starts."), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &DialerSettingsDialog::updateEnabled);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    updateEnabled();
}

void DialerSettingsDialog::updateEnabled()
{
    const QString kind = m_kind->currentData().toString();
    m_baresip->setEnabled(kind == QLatin1String("baresip"));
    m_dialTemplate->setEnabled(kind == QLatin1String("baresip"));
    m_uriScheme->setEnabled(kind == QLatin1String("uri"));
}

bool DialerSettingsDialog::store()
{
    const QString address = m_baresip->text().trimmed();
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const int port = colon > 0 ? address.mid(colon + 1).toInt(&portOk) : 0;
    if (m_kind->currentData().toString() == QLatin1String("baresip") && (!portOk || port <= 0 || port > 65535)) {
        m_error->setText(tr("Write the control port as host:port, e.g. 127.0.0.1:4444."));
        return false;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("dialer/kind"), m_kind->currentData().toString());
    settings.setValue(QStringLiteral("dialer/baresip_ctrl"), address);
    settings.setValue(QStringLiteral("dialer/baresip_template"),
                      m_dialTemplate->text().trimmed().isEmpty() ? QStringLiteral("{number}")
                                                                 : m_dialTemplate->text().trimmed());
    settings.setValue(QStringLiteral("dialer/uri_scheme"), m_uriScheme->currentText());
    settings.setValue(QStringLiteral("dialer/ring_timeout_s"), m_ringTimeout->value());
    settings.setValue(QStringLiteral("dialer/wrapup_max_s"), m_wrapUpMax->value());
    return true;
}

void DialerSettingsDialog::accept()
{
    if (store())
        QDialog::accept();
}

} // namespace Leadline::Ui
