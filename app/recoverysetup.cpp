#include "recoverysetup.h"

#include "core/storage/localstore.h"
#include "core/storage/workspacecheck.h"
#include "core/sync/workspacerecovery.h"
#include "ui/credentialstore.h"
#include "ui/logindialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QThread>

#include <optional>

namespace Leadline::CompositionRoot {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::CompositionRoot", text);
}

const QString serverKey = QStringLiteral("sync/server");
const QString loginKey = QStringLiteral("sync/login");

/// Runs the recovery on its own thread (it opens its own connections there) while a busy
/// dialog keeps the window responsive.
Result<RecoveryReport> recoverWithProgress(const QString &path, const ServerUrl &server)
{
    std::optional<Result<RecoveryReport>> outcome;
    QThread *worker = QThread::create([&outcome, path, server] {
        WorkspaceRecovery recovery(path);
        outcome = recovery.run(server);
    });
    QProgressDialog progress(tr("Saving the unsynced changes and rebuilding the workspace from "
                                "the server…"),
                             QString(), 0, 0);
    progress.setWindowTitle(tr("Recover the workspace"));
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setMinimumDuration(0);
    progress.setCancelButton(nullptr);
    QEventLoop loop;
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    progress.show();
    loop.exec();
    worker->wait();
    delete worker;
    progress.close();
    return *outcome;
}

QString summary(const RecoveryReport &report)
{
    QString text = tr("The workspace was rebuilt from the server.\n\n"
                      "Unsynced changes saved and sent again: %1 (accepted %2, refused %3).\n"
                      "They stay in %4.\n"
                      "The damaged file was kept as %5.")
                       .arg(report.saved)
                       .arg(report.pushed)
                       .arg(report.rejected)
                       .arg(QDir::toNativeSeparators(report.sideFile),
                            QDir::toNativeSeparators(report.damagedFile));
    if (report.rejected > 0)
        text += QLatin1Char('\n') + tr("The refused changes are listed with the conflicts, with the reason.");
    if (report.unreadable > 0) {
        text += QLatin1Char('\n')
                + tr("Parts of the damaged file's unsynced changes could not be read: %1.")
                      .arg(report.unreadable);
    }
    return text;
}

} // namespace

bool canOfferRecovery(const QString &path, const Error &problem)
{
    return problem.field == WorkspaceCheck::damagedProblem
           || problem.field == WorkspaceCheck::walProblem || WorkspaceRecovery::isUnderWay(path);
}

Result<std::unique_ptr<LocalStore>> offerRecovery(const QString &path, const Error &problem)
{
    QString message = WorkspaceRecovery::isUnderWay(path)
                          ? tr("A recovery of workspace %1 was started and has not finished.")
                                .arg(QDir::toNativeSeparators(path))
                          : problem.message;
    for (;;) {
        QMessageBox box(QMessageBox::Critical, tr("Leadline"), message);
        box.setInformativeText(tr("Leadline can rebuild the workspace from the server: the changes "
                                  "not synced yet are saved in a file beside it and sent again, "
                                  "and the damaged file is kept."));
        QPushButton *recover = box.addButton(tr("&Recover from the server…"), QMessageBox::AcceptRole);
        recover->setObjectName(QStringLiteral("recoverWorkspace"));
        box.addButton(QMessageBox::Close);
        box.setDefaultButton(recover);
        box.exec();
        if (box.clickedButton() != recover)
            return Error{};

        QSettings settings;
        Ui::LoginDialog login;
        login.setServer(settings.value(serverKey).toString(), settings.value(loginKey).toString());
        if (login.exec() != QDialog::Accepted)
            continue;
        const ServerUrl server = login.server();
        auto report = recoverWithProgress(path, server);
        if (!report) {
            message = report.message();
            continue;
        }
        // The rebuilt workspace syncs with the same server, as the sign-in dialog does it.
        ServerUrl stored = server.withLogin(QString(), QString());
        const QString address = stored.display().replace(QStringLiteral("postgresql://@"),
                                                         QStringLiteral("postgresql://"));
        settings.setValue(serverKey, address);
        settings.setValue(loginKey, server.user);
        if (login.rememberPassword()) {
            (void)Ui::CredentialStore::writePassword(server.user + QLatin1Char('@') + address,
                                                     server.password);
        }
        if (report->wasWhole) {
            QMessageBox::information(nullptr, tr("Leadline"),
                                     tr("Workspace %1 is whole: there is nothing to recover.")
                                         .arg(QDir::toNativeSeparators(path)));
        } else {
            QMessageBox::information(nullptr, tr("Leadline"), summary(*report));
        }
        return LocalStore::openExisting(path);
    }
}

} // namespace Leadline::CompositionRoot
