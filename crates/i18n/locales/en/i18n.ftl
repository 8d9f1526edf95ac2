# Every page in the reader's language (issue 15).
error-page-without-query = Open this page without the parameters
