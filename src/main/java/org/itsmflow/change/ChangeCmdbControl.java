package org.itsmflow.change;

import org.itsmflow.cmdb.CmdbChangeControl;
import org.springframework.stereotype.Component;

/** Change management's answer to the CMDB's question "does this change authorise writing this CI?" (R-9.1g). */
@Component
class ChangeCmdbControl implements CmdbChangeControl {

    private final ChangeService changes;

    ChangeCmdbControl(ChangeService changes) {
        this.changes = changes;
    }

    @Override
    public boolean authorises(String changeId, String ciId) {
        return changes.authorisesCmdbWrite(changeId, ciId);
    }
}
