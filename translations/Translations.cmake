# SPDX-License-Identifier: GPL-3.0-or-later
# What the translations cover, in one place: app/CMakeLists.txt builds and embeds them, and
# tests/i18n checks that the committed .ts files are complete and in step with these sources.
# Workflow: translations/README.md.
set(O2C_TRANSLATIONS_DIR ${PROJECT_SOURCE_DIR}/translations)
set(O2C_TS_LANGUAGES de fr es pl)
set(O2C_TS_FILES)
foreach(lang ${O2C_TS_LANGUAGES})
  list(APPEND O2C_TS_FILES ${O2C_TRANSLATIONS_DIR}/o2c_${lang}.ts)
endforeach()
# English is the source language; its file holds only the plural forms of the %n texts.
set(O2C_TS_FILE_EN ${O2C_TRANSLATIONS_DIR}/o2c_en.ts)

# The planner-facing texts: the widgets, the desktop application, and core's messages (core
# translates through QObject::tr / QCoreApplication::translate, QtCore only). The simulator stands
# in for Odoo and the middleware, whose own texts are not ours to translate; the command line
# speaks English for scripts.
file(GLOB_RECURSE O2C_TRANSLATED_SOURCES CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h
     ${PROJECT_SOURCE_DIR}/core/*.cpp ${PROJECT_SOURCE_DIR}/core/*.h
     ${PROJECT_SOURCE_DIR}/app/cockpit/*.cpp ${PROJECT_SOURCE_DIR}/app/cockpit/*.h)
list(SORT O2C_TRANSLATED_SOURCES)
set(O2C_TRANSLATED_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/ui ${PROJECT_SOURCE_DIR}/core
    ${PROJECT_SOURCE_DIR}/app)
# No source locations in the .ts files: they would change with every edit of a source file and
# make merges of translation files needlessly hard. Entries whose text left the sources are
# dropped rather than kept as obsolete.
set(O2C_LUPDATE_OPTIONS -locations none -no-obsolete)
