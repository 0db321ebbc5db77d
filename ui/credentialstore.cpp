#include "credentialstore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>

namespace Leadline::Ui {

namespace {

const QString service = QStringLiteral("Leadline");

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Ui::CredentialStore", text);
}

// The keychain answers asynchronously; the dialogs that use it wait for the answer.
void runToEnd(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

} // namespace

Result<QString> CredentialStore::readPassword(const QString &key)
{
    QKeychain::ReadPasswordJob job(service);
    job.setAutoDelete(false);
    job.setKey(key);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return Error{tr("The password could not be read from the keychain: %1").arg(job.errorString())};
    return job.textData();
}

Status CredentialStore::writePassword(const QString &key, const QString &password)
{
    QKeychain::WritePasswordJob job(service);
    job.setAutoDelete(false);
    job.setKey(key);
    job.setTextData(password);
    runToEnd(job);
    if (job.error() != QKeychain::NoError)
        return Error{tr("The password could not be saved in the keychain: %1").arg(job.errorString())};
    return {};
}

Status CredentialStore::removePassword(const QString &key)
{
    QKeychain::DeletePasswordJob job(service);
    job.setAutoDelete(false);
    job.setKey(key);
    runToEnd(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return Error{tr("The password could not be removed from the keychain: %1").arg(job.errorString())};
    return {};
}

} // namespace Leadline::Ui
