// SPDX-License-Identifier: GPL-3.0-or-later
// The only platform-specific code of the crash tests.
#include "SelfKill.h"

#include <QtGlobal>

#include <cstdlib>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <csignal>
#include <unistd.h>
#endif

namespace o2c::test {

void killSelf() {
#ifdef Q_OS_WIN
    TerminateProcess(GetCurrentProcess(), 9);
#else
    ::kill(::getpid(), SIGKILL);
#endif
    std::abort();
}

} // namespace o2c::test
