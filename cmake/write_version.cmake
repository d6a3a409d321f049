# Write version.hpp with the current git commit, touching the file only when its content
# changes, so unchanged builds do not recompile what includes it.
execute_process(COMMAND git rev-parse HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE STATMEM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET)
if(NOT STATMEM_GIT_COMMIT)
  set(STATMEM_GIT_COMMIT "unknown")
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
