// The dashboard's only static files: a small stylesheet and a small client script, served from memory.
// The script is plain browser JavaScript kept in a string (no build step): it refreshes the parts of a
// page marked `data-live` when the server says something changed (one EventSource per page), streams
// a call's transcript over its watch socket, and sends nothing on its own.

export const CSS = `
:root{--fg:#1b1f24;--muted:#5b636e;--line:#d5dae0;--bg:#f6f7f9;--card:#fff;--accent:#0b5cad;--danger:#b42318;--ok:#067647;--warn:#9a5b00;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;line-height:1.45}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f5a524;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:8px 16px;background:#0f2742;color:#fff}
header.top a{color:#fff;text-decoration:none;padding:4px 6px;border-radius:4px}header.top a[aria-current=page]{background:#ffffff2e;font-weight:600}
header.top nav ul{display:flex;flex-wrap:wrap;gap:2px 6px;list-style:none;margin:0;padding:0}
header.top .who{margin-left:auto;display:flex;gap:8px;align-items:center;font-size:.9em}
header.top .who button{background:transparent;color:#fff;border:1px solid #ffffff80}header.top .status{color:#0f2742}
main{padding:16px;max-width:1280px;margin:0 auto;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.2em 0 .6em}h2{font-size:1.15rem;margin:1.2em 0 .5em}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin-bottom:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px}.stat b{display:block;font-size:1.6rem}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:.85em;color:var(--muted)}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85em;background:#e7ecf2;white-space:nowrap}
.status-completed{background:#dcfae6;color:var(--ok)}.status-escalated,.status-cancelled{background:#fee4e2;color:var(--danger)}.status-calling,.status-live{background:#fff3c4;color:var(--warn)}.status-awaiting_folio,.status-received{background:#e0eaff}
form.inline{display:inline-flex;flex-wrap:wrap;gap:6px;align-items:end;margin:2px 0}
label{display:block;font-size:.85em;color:var(--muted)}input,select,textarea{font:inherit;padding:5px 7px;border:1px solid #9aa4b0;border-radius:5px;background:#fff;max-width:100%}
button{font:inherit;padding:5px 12px;border-radius:5px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--danger);border-color:var(--danger)}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end}
.notice{padding:8px 12px;border-radius:6px;background:#e0eaff;margin-bottom:12px}.error{background:#fee4e2;color:var(--danger)}
ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{border-left:3px solid var(--line);padding:4px 0 8px 12px;margin-left:4px}ol.timeline time{color:var(--muted);font-size:.85em;margin-right:6px}
ol.transcript{list-style:none;padding:0}ol.transcript li{padding:4px 8px;margin:4px 0;border-radius:6px;background:#fff;border:1px solid var(--line)}
ol.transcript .t-system_utterance{border-left:4px solid var(--accent)}ol.transcript .t-hotel_response{border-left:4px solid var(--ok)}ol.transcript .t-dtmf_sent,ol.transcript .t-dtmf_received{border-left:4px solid var(--warn)}ol.transcript .t-call_event{color:var(--muted);font-style:italic}
.who-said{font-weight:600;margin-right:6px}audio{width:100%;max-width:480px}
dl.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 12px;margin:0}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0}
.muted{color:var(--muted)}.pager{display:flex;gap:12px;margin-top:10px}
progress{width:100%;max-width:420px;height:14px}
.review-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}.folio-doc{width:100%;min-height:70vh;border:1px solid var(--muted)}.review-grid input{max-width:100%}
@media (max-width:640px){.review-grid{grid-template-columns:minmax(0,1fr)}main{padding:10px}dl.kv{grid-template-columns:minmax(0,1fr)}dl.kv dd{margin-bottom:4px}form.inline,form.inline div{max-width:100%}header.top .who{margin-left:0}th,td{padding:5px}.hide-narrow{display:none}}
`;

export const CLIENT_JS = `
(function(){
  "use strict";
  var body=document.body;
  var refreshing=null, again=false, updates=0;
  function sameFocus(el){var a=document.activeElement;return a&&a!==body&&el.contains(a)&&/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName);}
  function refresh(){
    if(refreshing){again=true;return refreshing;}
    refreshing=fetch(body.dataset.liveUrl||location.href,{headers:{"x-folio-fragment":"1"},credentials:"same-origin"}).then(function(r){
      if(r.redirected||!r.ok)return;
      return r.text().then(function(html){
        var doc=new DOMParser().parseFromString(html,"text/html");
        doc.querySelectorAll("[data-live][id]").forEach(function(fresh){
          var old=document.getElementById(fresh.id);
          if(!old||sameFocus(old))return;
          var opened=[].map.call(old.querySelectorAll("details"),function(d){return d.open;});
          var copy=old.cloneNode(true);copy.querySelectorAll("details").forEach(function(d){d.open=false;});
          if(copy.outerHTML===fresh.outerHTML)return;
          var next=document.importNode(fresh,true);
          next.querySelectorAll("details").forEach(function(d,i){if(opened[i])d.open=true;});
          old.replaceWith(next);
        });
        body.dataset.liveUpdates=String(++updates);
        wireWatchers();
      });
    }).catch(function(){}).then(function(){refreshing=null;if(again){again=false;refresh();}});
    return refreshing;
  }
  if(body.dataset.live==="on"&&window.EventSource){
    var es=new EventSource("/dash/live");
    es.addEventListener("change",function(){refresh();});
    es.addEventListener("open",function(){body.dataset.liveConnected="1";});
  }
  var NAMES={system_utterance:"Agent",hotel_response:"Hotel",dtmf_sent:"Keys sent",dtmf_received:"Keys pressed",call_event:"Call"};
  function describe(n){
    var text=n.content||"";
    if(n.type==="dtmf_sent"||n.type==="dtmf_received")text="DTMF "+text;
    if(n.type==="call_event"&&n.data){var parts=[];for(var k in n.data){parts.push(k+": "+n.data[k]);}if(parts.length)text+=" ("+parts.join(", ")+")";}
    if(n.intent)text+=" [intent: "+n.intent+(n.layer?" via "+n.layer:"")+"]";
    if(n.truncated)text+=" [cut off]";
    return text;
  }
  function upsert(list,n,replay){
    var id="node-"+n.node_id, li=document.getElementById(id);
    if(!li){li=document.createElement("li");li.id=id;li.dataset.arrived=replay?"replay":"live";list.appendChild(li);}
    li.className="t-"+n.type;li.dataset.nodeType=n.type;
    li.textContent="";
    var who=document.createElement("span");who.className="who-said";who.textContent=(NAMES[n.type]||n.type)+":";
    var t=document.createElement("time");t.dateTime=n.timestamp;t.className="muted";t.textContent=" "+String(n.timestamp).slice(11,19)+" ";
    li.appendChild(who);li.appendChild(document.createTextNode(describe(n)));li.appendChild(t);
  }
  function watch(box,tries){
    var list=box.querySelector("ol.transcript"), state=box.querySelector("[data-watch-state]");
    var proto=location.protocol==="https:"?"wss:":"ws:";
    var ws=new WebSocket(proto+"//"+location.host+box.dataset.watch), heard=false;
    ws.addEventListener("open",function(){state.textContent="connected: listening";box.dataset.socket="open";});
    ws.addEventListener("message",function(e){
      var m;try{m=JSON.parse(e.data);}catch(err){return;}
      heard=true;
      if(m.type==="node")upsert(list,m.node,m.replay);
      else if(m.type==="call"){list.textContent="";var label=box.querySelector("[data-watch-call]");if(label){label.textContent="";var a=document.createElement("a");a.href="/dash/calls/"+encodeURIComponent(m.call_id);a.textContent=m.call_id;label.appendChild(a);}box.dataset.call=m.call_id;}
      else if(m.type==="state"){state.textContent=m.phase==="ended"?"call ended"+(m.outcome?": "+m.outcome:""):"call "+m.phase;box.dataset.phase=m.phase;}
    });
    ws.addEventListener("close",function(){
      box.dataset.socket="closed";
      // A call that is being set up has nothing to watch yet: try again for a little while.
      if(!heard&&tries<20){state.textContent="waiting for the call…";setTimeout(function(){watch(box,tries+1);},500);return;}
      if(box.dataset.phase!=="ended")state.textContent="not connected (the call may have ended)";
    });
  }
  function wireWatchers(){
    document.querySelectorAll("[data-watch]").forEach(function(box){
      if(box.dataset.wired)return;box.dataset.wired="1";
      watch(box,0);
    });
  }
  wireWatchers();
})();
`;
