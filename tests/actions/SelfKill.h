// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace o2c::test {

// Ends this process at once, as a power cut or `kill -9` would: no destructors, no flushing.
[[noreturn]] void killSelf();

} // namespace o2c::test
