cmake_minimum_required(VERSION 3.22)  # for IN_LIST and file(COPY_FILE)
# Writes OUT, a C++ header holding the name tables of extraction (MTUS parts,
# ODG chapters, body regions, units) as constexpr arrays, read from the files of
# data/vocab/ (DIR) that `imr gen` writes its letters from, so the two read
# one vocabulary. Run by lib/CMakeLists.txt:
#   cmake -DDIR=data/vocab -DOUT=vocab_names.h -P embed_names.cmake
# Each table lists its names longest first: a table is tried in order and
# the first name that matches wins, so at any place the longest name does
# ("Low Back, Lumbar & Thoracic" over "Low Back", "lumbar spine" over
# "lumbar"), whatever the order of the files.

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

# Appends "name|canonical" to the list `pairs` (in the caller).
macro(add_name name canonical)
  list(APPEND pairs "${name}|${canonical}")
endmacro()

# Sets ${var}, the C++ definition of table `cc_name` from the list `pairs`:
# duplicates dropped, longest first (ties in byte order, which cannot both
# match at one place). A name given two canonical forms is an error.
function(emit_table cc_name pairs var)
  list(REMOVE_DUPLICATES pairs)
  set(keyed "")
  set(seen "")
  foreach(pair IN LISTS pairs)
    column("${pair}" 0 name)
    if(name IN_LIST seen)
      message(FATAL_ERROR "${cc_name}: \"${name}\" is given two canonical names")
    endif()
    list(APPEND seen "${name}")
    string(LENGTH "${name}" length)
    math(EXPR key "2000 - ${length}")
    list(APPEND keyed "${key}|${pair}")
  endforeach()
  list(SORT keyed)
  list(LENGTH keyed n)
  set(body "")
  foreach(entry IN LISTS keyed)
    column("${entry}" 1 name)
    column("${entry}" 2 canonical)
    string(APPEND body "    {\"${name}\", \"${canonical}\"},\n")
  endforeach()
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
// The names extraction recognises, written -> canonical, longest first.
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
