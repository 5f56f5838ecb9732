cmake_minimum_required(VERSION 3.22)  # for IN_LIST and file(COPY_FILE)
# Writes OUT, a C++ header holding the name tables of extraction (MTUS parts,
# ODG chapters, body regions, units) as constexpr arrays, read from the files of
# data/vocab/ (DIR) that `imr gen` writes its letters from, so the two read
# one vocabulary. Run by lib/CMakeLists.txt:
#   cmake -DDIR=data/vocab -DOUT=vocab_names.h -P embed_names.cmake
# Each table lists a name before any name that begins it (add_name), so the
# longest name at a place wins whatever the order of the files.

# The rows of a data/vocab file as a list of lines whose columns are
# separated by "|" (a ";" inside a column, as in mtus.tsv's lists, becomes
# ","; only the name columns are used here).
function(read_rows file out)
  file(READ "${DIR}/${file}" text)
  string(REPLACE ";" "," text "${text}")
  string(REPLACE "\r" "" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(rows "")
  foreach(line IN LISTS lines)
    if(line STREQUAL "" OR line MATCHES "^#")
      continue()
    endif()
    if(line MATCHES "[\"\\\\|]")
      message(FATAL_ERROR "${file}: a name holds a quote, a backslash or a |: ${line}")
    endif()
    string(REPLACE "\t" "|" row "${line}")
    list(APPEND rows "${row}")
  endforeach()
  set(${out} "${rows}" PARENT_SCOPE)
endfunction()

# Column `i` of a row of read_rows, or "" when the row is shorter.
function(column row i out)
  string(REPLACE "|" ";" cols "${row}")
  list(LENGTH cols n)
  if(i LESS n)
    list(GET cols ${i} value)
  else()
    set(value "")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# Adds "name|canonical" to the list `pairs` (in the caller), in the order of
# the files, but before the first name that begins it (ignoring case): a
# table is tried in order and the first name that matches wins, so this way
# the longest name at a place does ("Low Back, Lumbar & Thoracic" over "Low
# Back", "lumbar spine" over "lumbar"), while names keep the order the files
# give them, which decides how soon the common ones are tried. A name given
# again with the same canonical form is dropped.
function(add_name name canonical)
  set(entry "${name}|${canonical}")
  if(entry IN_LIST pairs)
    return()
  endif()
  string(TOLOWER "${name}" lower)
  string(LENGTH "${lower}" length)
  set(at -1)
  set(i 0)
  foreach(pair IN LISTS pairs)
    column("${pair}" 0 earlier)
    string(TOLOWER "${earlier}" earlier)
    string(LENGTH "${earlier}" earlier_length)
    if(earlier_length LESS length)
      string(SUBSTRING "${lower}" 0 ${earlier_length} head)
      if(head STREQUAL earlier)
        set(at ${i})
        break()
      endif()
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  if(at EQUAL -1)
    list(APPEND pairs "${entry}")
  else()
    list(INSERT pairs ${at} "${entry}")
  endif()
  set(pairs "${pairs}" PARENT_SCOPE)
endfunction()

# Sets ${var}, the C++ definition of table `cc_name` from the list `pairs`
# (add_name's). A name given two canonical forms is an error.
function(emit_table cc_name pairs var)
  set(seen "")
  set(body "")
  foreach(pair IN LISTS pairs)
    column("${pair}" 0 name)
    column("${pair}" 1 canonical)
    if(name IN_LIST seen)
      message(FATAL_ERROR "${cc_name}: \"${name}\" is given two canonical names")
    endif()
    list(APPEND seen "${name}")
    string(APPEND body "    {\"${name}\", \"${canonical}\"},\n")
  endforeach()
  list(LENGTH pairs n)
  set(${var} "inline constexpr std::array<Name, ${n}> ${cc_name} = {{\n${body}}};\n" PARENT_SCOPE)
endfunction()

# MTUS parts: every part and 2014 name of mtus.tsv (an "ACOEM Chapter N"
# name is read by its chapter number instead), and mtus_names.tsv.
read_rows(mtus.tsv rows)
set(pairs "")
foreach(row IN LISTS rows)
  column("${row}" 0 part)
  column("${row}" 2 name_2014)
  add_name("${part}" "${part}")
  if(NOT name_2014 MATCHES "^ACOEM Chapter ")
    add_name("${name_2014}" "${part}")
  endif()
endforeach()
read_rows(mtus_names.tsv rows)
foreach(row IN LISTS rows)
  column("${row}" 0 name)
  column("${row}" 1 part)
  add_name("${name}" "${part}")
endforeach()
emit_table(kMtusPartNames "${pairs}" mtus)

# ODG chapters: those of odg.tsv under their own names, and odg_names.tsv.
read_rows(odg.tsv rows)
set(pairs "")
foreach(row IN LISTS rows)
  column("${row}" 0 chapter)
  add_name("${chapter}" "${chapter}")
endforeach()
read_rows(odg_names.tsv rows)
foreach(row IN LISTS rows)
  column("${row}" 0 name)
  column("${row}" 1 chapter)
  add_name("${name}" "${chapter}")
endforeach()
emit_table(kOdgChapterNames "${pairs}" odg)

# Body regions: the rows of regions.tsv but those marked `write` ("right
# knee"), which only `imr gen` needs: extraction reads their last word, which
# must be a row of the same region.
read_rows(regions.tsv rows)
set(pairs "")
set(written_only "")
foreach(row IN LISTS rows)
  column("${row}" 0 words)
  column("${row}" 1 region)
  column("${row}" 2 mark)
  if(mark STREQUAL "write")
    list(APPEND written_only "${words}|${region}")
  else()
    add_name("${words}" "${region}")
  endif()
endforeach()
foreach(row IN LISTS written_only)
  column("${row}" 0 words)
  column("${row}" 1 region)
  string(REGEX REPLACE ".* " "" last "${words}")
  if(NOT "${last}|${region}" IN_LIST pairs)
    message(FATAL_ERROR "regions.tsv: \"${words}\" is marked write, but \"${last}\" is not a row of ${region}")
  endif()
endforeach()
emit_table(kRegionNames "${pairs}" regions)

# Units: the `count` and `duration` rows of units.tsv, one table each.
read_rows(units.tsv rows)
foreach(rule count duration)
  set(pairs "")
  foreach(row IN LISTS rows)
    column("${row}" 0 word)
    column("${row}" 1 unit)
    column("${row}" 2 row_rule)
    if(row_rule STREQUAL rule)
      add_name("${word}" "${unit}")
    endif()
  endforeach()
  set(${rule}_pairs "${pairs}")
endforeach()
emit_table(kCountUnitNames "${count_pairs}" count_units)
emit_table(kDurationUnitNames "${duration_pairs}" duration_units)

file(WRITE "${OUT}.tmp" "// Generated from ${DIR} by lib/imr/extract/embed_names.cmake; do not edit.
// The names extraction recognises, written -> canonical, each before any name
// that begins it.
#pragma once

#include <array>

#include \"imr/extract/scan.h\"

namespace imr::extract::vocab {

// MTUS parts (guideline.cc): mtus.tsv and mtus_names.tsv.
${mtus}
// ODG chapters (guideline.cc): odg.tsv and odg_names.tsv.
${odg}
// Body regions (quantity.cc): regions.tsv, but its `write` rows.
${regions}
// Units of a count and of a duration (quantity.cc): units.tsv.
${count_units}
${duration_units}
}  // namespace imr::extract::vocab
")
# Only touch the output when it changed, so an unchanged file rebuilds nothing.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
